Write-AuditorText 'O' "AUDITOR-@NONCE@ BEGIN win_secure_boot`n"
Write-AuditorText 'E' "AUDITOR-@NONCE@ BEGIN win_secure_boot`n"
$AuditorStatus = 0
try {
  $AuditorObjects = @(& {
$key = 'HKLM:\SYSTEM\CurrentControlSet\Control\SecureBoot\State'
$present = Test-Path -Path $key
$value = $null
if ($present) {
  $item = Get-ItemProperty -Path $key -Name UEFISecureBootEnabled -ErrorAction SilentlyContinue
  if ($item) { $value = $item.UEFISecureBootEnabled }
}
[pscustomobject]@{ StateKey = $present; UEFISecureBootEnabled = $value }
  } 3>$null 4>$null 5>$null 6>$null)
  Write-AuditorText 'O' (ConvertTo-Json -InputObject $AuditorObjects -Depth 8 -Compress)
} catch {
  $AuditorStatus = 1
  Write-AuditorText 'E' ($_.Exception.GetType().FullName + ': ' + $_.Exception.Message)
}
Write-AuditorText 'O' "`nAUDITOR-@NONCE@ END win_secure_boot $AuditorStatus`n"
Write-AuditorText 'E' "`nAUDITOR-@NONCE@ END win_secure_boot`n"
