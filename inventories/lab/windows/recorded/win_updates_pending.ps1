Write-AuditorText 'O' "AUDITOR-@NONCE@ BEGIN win_updates_pending`n"
Write-AuditorText 'E' "AUDITOR-@NONCE@ BEGIN win_updates_pending`n"
$AuditorStatus = 0
try {
  $AuditorObjects = @(& {
$invariant = [Globalization.CultureInfo]::InvariantCulture
$session = New-Object -ComObject Microsoft.Update.Session
$searcher = $session.CreateUpdateSearcher()
$searcher.Online = $false
$result = $searcher.Search("IsInstalled=0 and IsHidden=0 and Type='Software'")
$updates = @(foreach ($u in $result.Updates) {
    $class = @($u.Categories | Where-Object { $_.Type -eq 'UpdateClassification' }) | Select-Object -First 1
    $released = $null
    if ($u.LastDeploymentChangeTime) { $released = $u.LastDeploymentChangeTime.ToString('yyyy-MM-dd', $invariant) }
    $className = $null
    $classId = $null
    if ($class) { $className = $class.Name; $classId = $class.CategoryID }
    [pscustomobject]@{
        KB = @($u.KBArticleIDs | ForEach-Object { 'KB' + $_ })
        Title = $u.Title
        MsrcSeverity = $u.MsrcSeverity
        Classification = $className
        ClassificationId = $classId
        Released = $released
        IsDownloaded = $u.IsDownloaded
        RebootRequired = $u.RebootRequired
        CVEs = @($u.CveIDs)
    }
})
[pscustomobject]@{
    ResultCode = [int]$result.ResultCode
    Online = $searcher.Online
    Updates = $updates
}
  } 3>$null 4>$null 5>$null 6>$null)
  Write-AuditorText 'O' (ConvertTo-Json -InputObject $AuditorObjects -Depth 8 -Compress)
} catch {
  $AuditorStatus = 1
  Write-AuditorText 'E' ($_.Exception.GetType().FullName + ': ' + $_.Exception.Message)
}
Write-AuditorText 'O' "`nAUDITOR-@NONCE@ END win_updates_pending $AuditorStatus`n"
Write-AuditorText 'E' "`nAUDITOR-@NONCE@ END win_updates_pending`n"
