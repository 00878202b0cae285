Write-AuditorText 'O' "AUDITOR-@NONCE@ BEGIN win_audit_policy`n"
Write-AuditorText 'E' "AUDITOR-@NONCE@ BEGIN win_audit_policy`n"
$AuditorStatus = 0
try {
  $AuditorObjects = @(& {
$lines = @(auditpol.exe /get /category:* /r | ForEach-Object { "$_" })
if ($LASTEXITCODE -ne 0) { throw ("auditpol exited with status {0}: {1}" -f $LASTEXITCODE, ($lines -join ' ')) }
[pscustomobject]@{ Lines = $lines }
  } 3>$null 4>$null 5>$null 6>$null)
  Write-AuditorText 'O' (ConvertTo-Json -InputObject $AuditorObjects -Depth 8 -Compress)
} catch {
  $AuditorStatus = 1
  Write-AuditorText 'E' ($_.Exception.GetType().FullName + ': ' + $_.Exception.Message)
}
Write-AuditorText 'O' "`nAUDITOR-@NONCE@ END win_audit_policy $AuditorStatus`n"
Write-AuditorText 'E' "`nAUDITOR-@NONCE@ END win_audit_policy`n"
