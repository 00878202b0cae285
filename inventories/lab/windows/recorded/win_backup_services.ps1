Write-AuditorText 'O' "AUDITOR-@NONCE@ BEGIN win_backup_services`n"
Write-AuditorText 'E' "AUDITOR-@NONCE@ BEGIN win_backup_services`n"
$AuditorStatus = 0
try {
  $AuditorObjects = @(& {
$names = @('VeeamEndpointBackupSvc', 'VeeamBackupSvc', 'wbengine', 'fhsvc')
Get-Service -Name $names -ErrorAction SilentlyContinue | ForEach-Object {
    [pscustomobject]@{
        Name = $_.Name
        Status = $_.Status.ToString()
        StartType = $_.StartType.ToString()
    }
}
  } 3>$null 4>$null 5>$null 6>$null)
  Write-AuditorText 'O' (ConvertTo-Json -InputObject $AuditorObjects -Depth 8 -Compress)
} catch {
  $AuditorStatus = 1
  Write-AuditorText 'E' ($_.Exception.GetType().FullName + ': ' + $_.Exception.Message)
}
Write-AuditorText 'O' "`nAUDITOR-@NONCE@ END win_backup_services $AuditorStatus`n"
Write-AuditorText 'E' "`nAUDITOR-@NONCE@ END win_backup_services`n"
