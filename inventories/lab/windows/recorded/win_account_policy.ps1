Write-AuditorText 'O' "AUDITOR-@NONCE@ BEGIN win_account_policy`n"
Write-AuditorText 'E' "AUDITOR-@NONCE@ BEGIN win_account_policy`n"
$AuditorStatus = 0
try {
  $AuditorObjects = @(& {
$lines = @(net.exe accounts | ForEach-Object { "$_" })
if ($LASTEXITCODE -ne 0) { throw ("net accounts exited with status {0}: {1}" -f $LASTEXITCODE, ($lines -join ' ')) }
[pscustomobject]@{ Lines = $lines }
  } 3>$null 4>$null 5>$null 6>$null)
  Write-AuditorText 'O' (ConvertTo-Json -InputObject $AuditorObjects -Depth 8 -Compress)
} catch {
  $AuditorStatus = 1
  Write-AuditorText 'E' ($_.Exception.GetType().FullName + ': ' + $_.Exception.Message)
}
Write-AuditorText 'O' "`nAUDITOR-@NONCE@ END win_account_policy $AuditorStatus`n"
Write-AuditorText 'E' "`nAUDITOR-@NONCE@ END win_account_policy`n"
