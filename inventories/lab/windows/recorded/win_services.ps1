Write-AuditorText 'O' "AUDITOR-@NONCE@ BEGIN win_services`n"
Write-AuditorText 'E' "AUDITOR-@NONCE@ BEGIN win_services`n"
$AuditorStatus = 0
try {
  $AuditorObjects = @(& {
$names = @('wuauserv', 'UsoSvc', 'BITS', 'RemoteRegistry', 'Spooler', 'WinRM', 'TermService', 'SSDPSRV', 'upnphost', 'TlntSvr', 'SNMP')
foreach ($n in $names) {
  $key = 'HKLM:\SYSTEM\CurrentControlSet\Services\' + $n
  if (Test-Path -LiteralPath $key) {
    $start = (Get-ItemProperty -LiteralPath $key -Name Start -ErrorAction SilentlyContinue).Start
    $state = $null
    $svc = Get-Service -Name $n -ErrorAction SilentlyContinue
    if ($null -ne $svc) { $state = $svc.Status.ToString() }
    [pscustomobject]@{ Name = $n; Present = $true; Start = $start; State = $state }
  } else {
    [pscustomobject]@{ Name = $n; Present = $false; Start = $null; State = $null }
  }
}
  } 3>$null 4>$null 5>$null 6>$null)
  Write-AuditorText 'O' (ConvertTo-Json -InputObject $AuditorObjects -Depth 8 -Compress)
} catch {
  $AuditorStatus = 1
  Write-AuditorText 'E' ($_.Exception.GetType().FullName + ': ' + $_.Exception.Message)
}
Write-AuditorText 'O' "`nAUDITOR-@NONCE@ END win_services $AuditorStatus`n"
Write-AuditorText 'E' "`nAUDITOR-@NONCE@ END win_services`n"
