Write-AuditorText 'O' "AUDITOR-@NONCE@ BEGIN win_defender`n"
Write-AuditorText 'E' "AUDITOR-@NONCE@ BEGIN win_defender`n"
$AuditorStatus = 0
try {
  $AuditorObjects = @(& {
$mp = $null
$reason = $null
if (Get-Command -Name Get-MpComputerStatus -ErrorAction SilentlyContinue) {
  try { $mp = Get-MpComputerStatus -ErrorAction Stop } catch { $reason = $_.Exception.Message }
} else { $reason = 'Get-MpComputerStatus is not available (Defender module not installed)' }
$sigDate = $null
if ($mp -and $mp.AntivirusSignatureLastUpdated) {
  $sigDate = $mp.AntivirusSignatureLastUpdated.ToUniversalTime().ToString('o')
}
$products = @()
$center = $true
try {
  $found = Get-CimInstance -Namespace 'root/SecurityCenter2' -ClassName AntiVirusProduct -ErrorAction Stop
  $products = @($found | ForEach-Object { [pscustomobject]@{ Name = $_.displayName; ProductState = $_.productState } })
} catch { $center = $false }
$running = @(Get-Service -ErrorAction SilentlyContinue | Where-Object { $_.Status -eq 'Running' } |
  ForEach-Object { $_.Name })
[pscustomobject]@{
  DefenderPresent = [bool]$mp
  DefenderReason = $reason
  AMRunningMode = $(if ($mp) { $mp.AMRunningMode } else { $null })
  AMServiceEnabled = $(if ($mp) { $mp.AMServiceEnabled } else { $null })
  AntivirusEnabled = $(if ($mp) { $mp.AntivirusEnabled } else { $null })
  RealTimeProtectionEnabled = $(if ($mp) { $mp.RealTimeProtectionEnabled } else { $null })
  BehaviorMonitorEnabled = $(if ($mp) { $mp.BehaviorMonitorEnabled } else { $null })
  AntivirusSignatureAge = $(if ($mp) { $mp.AntivirusSignatureAge } else { $null })
  AntivirusSignatureLastUpdated = $sigDate
  AntivirusSignatureVersion = $(if ($mp) { $mp.AntivirusSignatureVersion } else { $null })
  IsTamperProtected = $(if ($mp) { $mp.IsTamperProtected } else { $null })
  SecurityCenter = $center
  Products = $products
  RunningServices = $running
}
  } 3>$null 4>$null 5>$null 6>$null)
  Write-AuditorText 'O' (ConvertTo-Json -InputObject $AuditorObjects -Depth 8 -Compress)
} catch {
  $AuditorStatus = 1
  Write-AuditorText 'E' ($_.Exception.GetType().FullName + ': ' + $_.Exception.Message)
}
Write-AuditorText 'O' "`nAUDITOR-@NONCE@ END win_defender $AuditorStatus`n"
Write-AuditorText 'E' "`nAUDITOR-@NONCE@ END win_defender`n"
