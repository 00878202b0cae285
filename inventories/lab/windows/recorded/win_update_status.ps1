Write-AuditorText 'O' "AUDITOR-@NONCE@ BEGIN win_update_status`n"
Write-AuditorText 'E' "AUDITOR-@NONCE@ BEGIN win_update_status`n"
$AuditorStatus = 0
try {
  $AuditorObjects = @(& {
function Read-RegistryValues([string]$Path, [string[]]$Names) {
    $values = [ordered]@{}
    $item = $null
    if (Test-Path -LiteralPath $Path) { $item = Get-ItemProperty -LiteralPath $Path }
    foreach ($name in $Names) {
        $values[$name] = $null
        if ($item -ne $null -and $item.PSObject.Properties[$name]) { $values[$name] = $item.$name }
    }
    [pscustomobject]$values
}
$au = New-Object -ComObject Microsoft.Update.AutoUpdate
$lastSearch = $au.Results.LastSearchSuccessDate
$lastInstall = $au.Results.LastInstallationSuccessDate
$utc = { param($d) if ($d) { [DateTime]::SpecifyKind($d, 'Utc').ToString('o') } else { $null } }
$wu = 'HKLM:\SOFTWARE\Policies\Microsoft\Windows\WindowsUpdate'
$cv = 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion'
$sessionManager = 'HKLM:\SYSTEM\CurrentControlSet\Control\Session Manager'
$renames = (Read-RegistryValues $sessionManager @('PendingFileRenameOperations')).PendingFileRenameOperations
$policyNames = @(
    'WUServer', 'WUStatusServer', 'DisableWindowsUpdateAccess', 'DeferQualityUpdates',
    'DeferQualityUpdatesPeriodInDays', 'DeferFeatureUpdates', 'DeferFeatureUpdatesPeriodInDays',
    'TargetReleaseVersion', 'TargetReleaseVersionInfo'
)
$auNames = @('UseWUServer', 'NoAutoUpdate', 'AUOptions', 'ScheduledInstallDay', 'ScheduledInstallTime')
[pscustomobject]@{
    ServiceEnabled = $au.ServiceEnabled
    LastSearchSuccess = & $utc $lastSearch
    LastInstallSuccess = & $utc $lastInstall
    Policy = Read-RegistryValues $wu $policyNames
    AU = Read-RegistryValues ($wu + '\AU') $auNames
    CbsRebootPending = Test-Path -LiteralPath ($cv + '\Component Based Servicing\RebootPending')
    WuRebootRequired = Test-Path -LiteralPath ($cv + '\WindowsUpdate\Auto Update\RebootRequired')
    PendingFileRenames = @($renames | Where-Object { $_ }).Count
}
  } 3>$null 4>$null 5>$null 6>$null)
  Write-AuditorText 'O' (ConvertTo-Json -InputObject $AuditorObjects -Depth 8 -Compress)
} catch {
  $AuditorStatus = 1
  Write-AuditorText 'E' ($_.Exception.GetType().FullName + ': ' + $_.Exception.Message)
}
Write-AuditorText 'O' "`nAUDITOR-@NONCE@ END win_update_status $AuditorStatus`n"
Write-AuditorText 'E' "`nAUDITOR-@NONCE@ END win_update_status`n"
