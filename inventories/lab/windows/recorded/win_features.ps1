Write-AuditorText 'O' "AUDITOR-@NONCE@ BEGIN win_features`n"
Write-AuditorText 'E' "AUDITOR-@NONCE@ BEGIN win_features`n"
$AuditorStatus = 0
try {
  $AuditorObjects = @(& {
$names = @('MicrosoftWindowsPowerShellV2Root', 'MicrosoftWindowsPowerShellV2', 'NetFx3', 'TelnetClient', 'TFTP')
$found = @{}
foreach ($f in @(Get-CimInstance -ClassName Win32_OptionalFeature)) {
  if ($names -contains $f.Name) { $found[$f.Name] = $f }
}
foreach ($n in $names) {
  $f = $found[$n]
  if ($null -eq $f) {
    [pscustomobject]@{ Name = $n; Present = $false; InstallState = $null }
  } else {
    [pscustomobject]@{ Name = [string]$f.Name; Present = $true; InstallState = [int]$f.InstallState }
  }
}
  } 3>$null 4>$null 5>$null 6>$null)
  Write-AuditorText 'O' (ConvertTo-Json -InputObject $AuditorObjects -Depth 8 -Compress)
} catch {
  $AuditorStatus = 1
  Write-AuditorText 'E' ($_.Exception.GetType().FullName + ': ' + $_.Exception.Message)
}
Write-AuditorText 'O' "`nAUDITOR-@NONCE@ END win_features $AuditorStatus`n"
Write-AuditorText 'E' "`nAUDITOR-@NONCE@ END win_features`n"
