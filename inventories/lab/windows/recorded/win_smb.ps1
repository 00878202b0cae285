Write-AuditorText 'O' "AUDITOR-@NONCE@ BEGIN win_smb`n"
Write-AuditorText 'E' "AUDITOR-@NONCE@ BEGIN win_smb`n"
$AuditorStatus = 0
try {
  $AuditorObjects = @(& {
$server = Get-SmbServerConfiguration -ErrorAction Stop
$client = Get-SmbClientConfiguration -ErrorAction Stop
$state = $null
$featureError = $null
try {
  $feature = Get-WindowsOptionalFeature -Online -FeatureName SMB1Protocol -ErrorAction Stop
  if ($feature) { $state = $feature.State.ToString() }
} catch { $featureError = $_.Exception.Message }
$driver = $null
$driverKey = 'HKLM:\SYSTEM\CurrentControlSet\Services\mrxsmb10'
if (Test-Path -Path $driverKey) {
  $driver = (Get-ItemProperty -Path $driverKey -Name Start -ErrorAction SilentlyContinue).Start
}
[pscustomobject]@{
  ServerEnableSMB1Protocol = $server.EnableSMB1Protocol
  ServerRequireSecuritySignature = $server.RequireSecuritySignature
  ServerEnableSecuritySignature = $server.EnableSecuritySignature
  ServerEncryptData = $server.EncryptData
  ClientRequireSecuritySignature = $client.RequireSecuritySignature
  SMB1FeatureState = $state
  SMB1FeatureError = $featureError
  SMB1ClientDriverPresent = Test-Path -Path $driverKey
  SMB1ClientDriverStart = $driver
}
  } 3>$null 4>$null 5>$null 6>$null)
  Write-AuditorText 'O' (ConvertTo-Json -InputObject $AuditorObjects -Depth 8 -Compress)
} catch {
  $AuditorStatus = 1
  Write-AuditorText 'E' ($_.Exception.GetType().FullName + ': ' + $_.Exception.Message)
}
Write-AuditorText 'O' "`nAUDITOR-@NONCE@ END win_smb $AuditorStatus`n"
Write-AuditorText 'E' "`nAUDITOR-@NONCE@ END win_smb`n"
