Write-AuditorText 'O' "AUDITOR-@NONCE@ BEGIN win_hotfixes`n"
Write-AuditorText 'E' "AUDITOR-@NONCE@ BEGIN win_hotfixes`n"
$AuditorStatus = 0
try {
  $AuditorObjects = @(& {
$invariant = [Globalization.CultureInfo]::InvariantCulture
Get-HotFix | ForEach-Object {
    $installed = $null
    if ($_.InstalledOn) { $installed = $_.InstalledOn.ToString('yyyy-MM-dd', $invariant) }
    [pscustomobject]@{
        HotFixID = $_.HotFixID
        Description = $_.Description
        InstalledOn = $installed
    }
}
  } 3>$null 4>$null 5>$null 6>$null)
  Write-AuditorText 'O' (ConvertTo-Json -InputObject $AuditorObjects -Depth 8 -Compress)
} catch {
  $AuditorStatus = 1
  Write-AuditorText 'E' ($_.Exception.GetType().FullName + ': ' + $_.Exception.Message)
}
Write-AuditorText 'O' "`nAUDITOR-@NONCE@ END win_hotfixes $AuditorStatus`n"
Write-AuditorText 'E' "`nAUDITOR-@NONCE@ END win_hotfixes`n"
