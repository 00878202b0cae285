Write-AuditorText 'O' "AUDITOR-@NONCE@ DONE`n"
