Write-AuditorText 'O' "AUDITOR-@NONCE@ BEGIN win_backup_veeam`n"
Write-AuditorText 'E' "AUDITOR-@NONCE@ BEGIN win_backup_veeam`n"
$AuditorStatus = 0
try {
  $AuditorObjects = @(& {
$svc = Get-Service -Name VeeamEndpointBackupSvc -ErrorAction SilentlyContinue
$log = Get-WinEvent -ListLog 'Veeam Agent' -ErrorAction SilentlyContinue
$events = @()
if ($log) {
    try {
        $filter = @{ LogName = 'Veeam Agent'; Id = 190 }
        $events = @(Get-WinEvent -FilterHashtable $filter -MaxEvents 20 -ErrorAction Stop | ForEach-Object {
            $message = "$($_.Message)"
            if ($message.Length -gt 300) { $message = $message.Substring(0, 300) }
            [pscustomobject]@{
                TimeCreated = $_.TimeCreated.ToUniversalTime().ToString('o')
                Id = $_.Id
                Level = [int]$_.Level
                Message = $message
            }
        })
    } catch {
        if ($_.FullyQualifiedErrorId -notlike 'NoMatchingEventsFound*') { throw }
    }
}
$status = $null
$startType = $null
if ($svc) { $status = $svc.Status.ToString(); $startType = $svc.StartType.ToString() }
[pscustomobject]@{
    ServicePresent = [bool]$svc
    ServiceStatus = $status
    ServiceStartType = $startType
    LogPresent = [bool]$log
    Events = $events
}
  } 3>$null 4>$null 5>$null 6>$null)
  Write-AuditorText 'O' (ConvertTo-Json -InputObject $AuditorObjects -Depth 8 -Compress)
} catch {
  $AuditorStatus = 1
  Write-AuditorText 'E' ($_.Exception.GetType().FullName + ': ' + $_.Exception.Message)
}
Write-AuditorText 'O' "`nAUDITOR-@NONCE@ END win_backup_veeam $AuditorStatus`n"
Write-AuditorText 'E' "`nAUDITOR-@NONCE@ END win_backup_veeam`n"
