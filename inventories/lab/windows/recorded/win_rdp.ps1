Write-AuditorText 'O' "AUDITOR-@NONCE@ BEGIN win_rdp`n"
Write-AuditorText 'E' "AUDITOR-@NONCE@ BEGIN win_rdp`n"
$AuditorStatus = 0
try {
  $AuditorObjects = @(& {
$ts = 'HKLM:\SYSTEM\CurrentControlSet\Control\Terminal Server'
$tcp = 'HKLM:\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp'
$pol = 'HKLM:\SOFTWARE\Policies\Microsoft\Windows NT\Terminal Services'
function Get-AuditorRegValue([string]$Path, [string]$Name) {
  $item = Get-ItemProperty -Path $Path -Name $Name -ErrorAction SilentlyContinue
  if ($item) { return $item.$Name }
  return $null
}
[pscustomobject]@{
  DenyTSConnections = Get-AuditorRegValue $ts 'fDenyTSConnections'
  UserAuthentication = Get-AuditorRegValue $tcp 'UserAuthentication'
  SecurityLayer = Get-AuditorRegValue $tcp 'SecurityLayer'
  MinEncryptionLevel = Get-AuditorRegValue $tcp 'MinEncryptionLevel'
  PolicyDenyTSConnections = Get-AuditorRegValue $pol 'fDenyTSConnections'
  PolicyUserAuthentication = Get-AuditorRegValue $pol 'UserAuthentication'
  PolicySecurityLayer = Get-AuditorRegValue $pol 'SecurityLayer'
  PolicyMinEncryptionLevel = Get-AuditorRegValue $pol 'MinEncryptionLevel'
}
  } 3>$null 4>$null 5>$null 6>$null)
  Write-AuditorText 'O' (ConvertTo-Json -InputObject $AuditorObjects -Depth 8 -Compress)
} catch {
  $AuditorStatus = 1
  Write-AuditorText 'E' ($_.Exception.GetType().FullName + ': ' + $_.Exception.Message)
}
Write-AuditorText 'O' "`nAUDITOR-@NONCE@ END win_rdp $AuditorStatus`n"
Write-AuditorText 'E' "`nAUDITOR-@NONCE@ END win_rdp`n"
