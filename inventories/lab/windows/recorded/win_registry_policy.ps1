Write-AuditorText 'O' "AUDITOR-@NONCE@ BEGIN win_registry_policy`n"
Write-AuditorText 'E' "AUDITOR-@NONCE@ BEGIN win_registry_policy`n"
$AuditorStatus = 0
try {
  $AuditorObjects = @(& {
$entries = @(
  'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\System|EnableLUA',
  'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\System|ConsentPromptBehaviorAdmin',
  'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\System|PromptOnSecureDesktop',
  'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\System|FilterAdministratorToken',
  'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\System|LocalAccountTokenFilterPolicy',
  'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\System|InactivityTimeoutSecs',
  'HKLM:\SOFTWARE\Microsoft\Policies\LAPS|BackupDirectory',
  'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\LAPS|BackupDirectory',
  'HKLM:\SOFTWARE\Policies\Microsoft Services\AdmPwd|AdmPwdEnabled',
  'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Winlogon\GPExtensions\{D76B9641-3288-4f75-942D-087DE603E3EA}|DllName',
  'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\Explorer|NoDriveTypeAutoRun',
  'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\Explorer|NoAutorun',
  'HKLM:\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\TLS 1.0\Server|Enabled',
  'HKLM:\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\TLS 1.0\Server|DisabledByDefault',
  'HKLM:\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\TLS 1.0\Client|Enabled',
  'HKLM:\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\TLS 1.0\Client|DisabledByDefault',
  'HKLM:\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\TLS 1.1\Server|Enabled',
  'HKLM:\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\TLS 1.1\Server|DisabledByDefault',
  'HKLM:\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\TLS 1.1\Client|Enabled',
  'HKLM:\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\TLS 1.1\Client|DisabledByDefault',
  'HKLM:\SYSTEM\CurrentControlSet\Control\Lsa|LmCompatibilityLevel',
  'HKLM:\SYSTEM\CurrentControlSet\Control\Lsa|NoLMHash',
  'HKLM:\SYSTEM\CurrentControlSet\Control\Lsa|RunAsPPL',
  'HKLM:\SYSTEM\CurrentControlSet\Control\Lsa|RestrictAnonymous',
  'HKLM:\SYSTEM\CurrentControlSet\Control\Lsa|RestrictAnonymousSAM',
  'HKLM:\SYSTEM\CurrentControlSet\Control\Lsa|EveryoneIncludesAnonymous',
  'HKLM:\SYSTEM\CurrentControlSet\Control\SecurityProviders\WDigest|UseLogonCredential',
  'HKLM:\SOFTWARE\Policies\Microsoft\Windows NT\DNSClient|EnableMulticast',
  'HKLM:\SOFTWARE\Policies\Microsoft\Windows\PowerShell\ScriptBlockLogging|EnableScriptBlockLogging',
  'HKLM:\SOFTWARE\Policies\Microsoft\Windows\LanmanWorkstation|AllowInsecureGuestAuth',
  'HKLM:\SYSTEM\CurrentControlSet\Services\LanmanWorkstation\Parameters|AllowInsecureGuestAuth',
  'HKLM:\SYSTEM\CurrentControlSet\Services\LanManServer\Parameters|RestrictNullSessAccess',
  'HKLM:\SOFTWARE\Policies\Microsoft\Windows NT\Printers|RegisterSpoolerRemoteRpcEndPoint',
  'HKLM:\SOFTWARE\Policies\Microsoft\Windows\EventLog\Security|MaxSize',
  'HKLM:\SYSTEM\CurrentControlSet\Services\EventLog\Security|MaxSize',
  'HKLM:\SOFTWARE\Policies\Microsoft\Windows\DeviceGuard|EnableVirtualizationBasedSecurity',
  'HKLM:\SOFTWARE\Policies\Microsoft\Windows\DeviceGuard|LsaCfgFlags',
  'HKLM:\SYSTEM\CurrentControlSet\Control\DeviceGuard|EnableVirtualizationBasedSecurity',
  'HKLM:\SYSTEM\CurrentControlSet\Control\Lsa|LsaCfgFlags'
)
foreach ($entry in $entries) {
  $parts = $entry.Split('|')
  $path = $parts[0]
  $name = $parts[1]
  $present = $false
  $kind = $null
  $value = $null
  if (Test-Path -LiteralPath $path) {
    $key = Get-Item -LiteralPath $path -ErrorAction Stop
    if ($key.GetValueNames() -contains $name) {
      $present = $true
      $kind = $key.GetValueKind($name).ToString()
      $value = $key.GetValue($name, $null, 'DoNotExpandEnvironmentNames')
    }
  }
  [pscustomobject]@{ Path = $path; Name = $name; Present = $present; Kind = $kind; Value = $value }
}
  } 3>$null 4>$null 5>$null 6>$null)
  Write-AuditorText 'O' (ConvertTo-Json -InputObject $AuditorObjects -Depth 8 -Compress)
} catch {
  $AuditorStatus = 1
  Write-AuditorText 'E' ($_.Exception.GetType().FullName + ': ' + $_.Exception.Message)
}
Write-AuditorText 'O' "`nAUDITOR-@NONCE@ END win_registry_policy $AuditorStatus`n"
Write-AuditorText 'E' "`nAUDITOR-@NONCE@ END win_registry_policy`n"
