Write-AuditorText 'O' "AUDITOR-@NONCE@ BEGIN win_local_accounts`n"
Write-AuditorText 'E' "AUDITOR-@NONCE@ BEGIN win_local_accounts`n"
$AuditorStatus = 0
try {
  $AuditorObjects = @(& {
$os = Get-CimInstance -ClassName Win32_OperatingSystem
if ($os.ProductType -eq 2) {
  [pscustomobject]@{ DomainController = $true; Users = @(); Administrators = @() }
  return
}
function ConvertTo-AuditorDate($d) { if ($d) { return $d.ToUniversalTime().ToString('o') }; return $null }
$users = @(Get-LocalUser -ErrorAction Stop | ForEach-Object {
  [pscustomobject]@{
    Name = $_.Name
    SID = $_.SID.Value
    Enabled = $_.Enabled
    PasswordRequired = $_.PasswordRequired
    PasswordLastSet = ConvertTo-AuditorDate $_.PasswordLastSet
    PasswordExpires = ConvertTo-AuditorDate $_.PasswordExpires
    LastLogon = ConvertTo-AuditorDate $_.LastLogon
  }
})
$admins = @(Get-LocalGroupMember -SID 'S-1-5-32-544' -ErrorAction Stop | ForEach-Object {
  [pscustomobject]@{
    Name = $_.Name
    SID = $_.SID.Value
    ObjectClass = $_.ObjectClass
    PrincipalSource = [string]$_.PrincipalSource
  }
})
[pscustomobject]@{ DomainController = $false; Users = $users; Administrators = $admins }
  } 3>$null 4>$null 5>$null 6>$null)
  Write-AuditorText 'O' (ConvertTo-Json -InputObject $AuditorObjects -Depth 8 -Compress)
} catch {
  $AuditorStatus = 1
  Write-AuditorText 'E' ($_.Exception.GetType().FullName + ': ' + $_.Exception.Message)
}
Write-AuditorText 'O' "`nAUDITOR-@NONCE@ END win_local_accounts $AuditorStatus`n"
Write-AuditorText 'E' "`nAUDITOR-@NONCE@ END win_local_accounts`n"
