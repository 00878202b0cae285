Write-AuditorText 'O' "AUDITOR-@NONCE@ BEGIN win_firewall`n"
Write-AuditorText 'E' "AUDITOR-@NONCE@ BEGIN win_firewall`n"
$AuditorStatus = 0
try {
  $AuditorObjects = @(& {
@(Get-NetFirewallProfile -PolicyStore ActiveStore -ErrorAction Stop) | ForEach-Object {
  [pscustomobject]@{
    Name = $_.Name
    Enabled = $_.Enabled.ToString()
    DefaultInboundAction = $_.DefaultInboundAction.ToString()
    DefaultOutboundAction = $_.DefaultOutboundAction.ToString()
    LogBlocked = $_.LogBlocked.ToString()
    LogAllowed = $_.LogAllowed.ToString()
    LogFileName = $_.LogFileName
    LogMaxSizeKilobytes = $_.LogMaxSizeKilobytes
  }
}
  } 3>$null 4>$null 5>$null 6>$null)
  Write-AuditorText 'O' (ConvertTo-Json -InputObject $AuditorObjects -Depth 8 -Compress)
} catch {
  $AuditorStatus = 1
  Write-AuditorText 'E' ($_.Exception.GetType().FullName + ': ' + $_.Exception.Message)
}
Write-AuditorText 'O' "`nAUDITOR-@NONCE@ END win_firewall $AuditorStatus`n"
Write-AuditorText 'E' "`nAUDITOR-@NONCE@ END win_firewall`n"
