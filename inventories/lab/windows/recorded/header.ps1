$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$AuditorUtf8 = New-Object System.Text.UTF8Encoding $false
$AuditorFramed = $Host.Name -eq 'ServerRemoteHost'
if (-not $AuditorFramed) {
  $AuditorOut = [Console]::OpenStandardOutput()
  $AuditorErr = [Console]::OpenStandardError()
}
function Write-AuditorText([string]$Kind, [string]$Text) {
  $bytes = $AuditorUtf8.GetBytes($Text)
  if ($AuditorFramed) {
    'AUDITOR-FRAME ' + $Kind + ' ' + [Convert]::ToBase64String($bytes)
    return
  }
  $stream = $AuditorOut
  if ($Kind -eq 'E') { $stream = $AuditorErr }
  $stream.Write($bytes, 0, $bytes.Length)
  $stream.Flush()
}
