Write-AuditorText 'O' "AUDITOR-@NONCE@ BEGIN win_backup_wsb`n"
Write-AuditorText 'E' "AUDITOR-@NONCE@ BEGIN win_backup_wsb`n"
$AuditorStatus = 0
try {
  $AuditorObjects = @(& {
$present = [bool](Get-Module -ListAvailable -Name WindowsServerBackup)
$wbadmin = Join-Path $env:SystemRoot 'System32\wbadmin.exe'
if (-not $present) {
    [pscustomobject]@{ Present = $false; Summary = $null; VersionLines = @(); VersionsExit = $null }
} else {
    Import-Module WindowsServerBackup
    $s = Get-WBSummary
    $when = { param($d) if ($d -and $d.Year -gt 1601) { $d.ToUniversalTime().ToString('o') } else { $null } }
    $summary = [pscustomobject]@{
        LastBackupTime = & $when $s.LastBackupTime
        LastSuccessfulBackupTime = & $when $s.LastSuccessfulBackupTime
        LastBackupResultHR = $s.LastBackupResultHR
        LastBackupResultDetailedHR = $s.LastBackupResultDetailedHR
        NumberOfVersions = $s.NumberOfVersions
        LastBackupTarget = $s.LastBackupTarget
        NextBackupTime = & $when $s.NextBackupTime
    }
    $lines = @()
    $exit = $null
    if (Test-Path -LiteralPath $wbadmin) {
        # wbadmin reports errors as text; keep its stderr lines as data instead of letting the
        # collector's ErrorActionPreference = 'Stop' turn them into a terminating error (PowerShell 5.1)
        $ErrorActionPreference = 'Continue'
        $lines = @(& $wbadmin get versions 2>&1 | ForEach-Object { "$_" })
        $exit = $LASTEXITCODE
        $ErrorActionPreference = 'Stop'
    }
    [pscustomobject]@{ Present = $true; Summary = $summary; VersionLines = $lines; VersionsExit = $exit }
}
  } 3>$null 4>$null 5>$null 6>$null)
  Write-AuditorText 'O' (ConvertTo-Json -InputObject $AuditorObjects -Depth 8 -Compress)
} catch {
  $AuditorStatus = 1
  Write-AuditorText 'E' ($_.Exception.GetType().FullName + ': ' + $_.Exception.Message)
}
Write-AuditorText 'O' "`nAUDITOR-@NONCE@ END win_backup_wsb $AuditorStatus`n"
Write-AuditorText 'E' "`nAUDITOR-@NONCE@ END win_backup_wsb`n"
