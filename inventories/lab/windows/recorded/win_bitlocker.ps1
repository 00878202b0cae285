Write-AuditorText 'O' "AUDITOR-@NONCE@ BEGIN win_bitlocker`n"
Write-AuditorText 'E' "AUDITOR-@NONCE@ BEGIN win_bitlocker`n"
$AuditorStatus = 0
try {
  $AuditorObjects = @(& {
if (-not (Get-Command -Name Get-BitLockerVolume -ErrorAction SilentlyContinue)) {
  [pscustomobject]@{ Present = $false; Volumes = @() }
  return
}
$volumes = @(Get-BitLockerVolume -ErrorAction Stop | ForEach-Object {
  [pscustomobject]@{
    MountPoint = $_.MountPoint
    VolumeType = $_.VolumeType.ToString()
    ProtectionStatus = $_.ProtectionStatus.ToString()
    VolumeStatus = $_.VolumeStatus.ToString()
    EncryptionMethod = $_.EncryptionMethod.ToString()
    EncryptionPercentage = $_.EncryptionPercentage
    KeyProtectors = @($_.KeyProtector | ForEach-Object { $_.KeyProtectorType.ToString() })
  }
})
[pscustomobject]@{ Present = $true; Volumes = $volumes }
  } 3>$null 4>$null 5>$null 6>$null)
  Write-AuditorText 'O' (ConvertTo-Json -InputObject $AuditorObjects -Depth 8 -Compress)
} catch {
  $AuditorStatus = 1
  Write-AuditorText 'E' ($_.Exception.GetType().FullName + ': ' + $_.Exception.Message)
}
Write-AuditorText 'O' "`nAUDITOR-@NONCE@ END win_bitlocker $AuditorStatus`n"
Write-AuditorText 'E' "`nAUDITOR-@NONCE@ END win_bitlocker`n"
