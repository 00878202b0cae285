Write-AuditorText 'O' "AUDITOR-@NONCE@ BEGIN win_os`n"
Write-AuditorText 'E' "AUDITOR-@NONCE@ BEGIN win_os`n"
$AuditorStatus = 0
try {
  $AuditorObjects = @(& {
$os = Get-CimInstance -ClassName Win32_OperatingSystem
$cs = Get-CimInstance -ClassName Win32_ComputerSystem
$cv = Get-ItemProperty -Path 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion'
$boot = $null
if ($os.LastBootUpTime) { $boot = $os.LastBootUpTime.ToUniversalTime().ToString('o') }
[pscustomobject]@{
  Caption = $os.Caption
  Version = $os.Version
  BuildNumber = $os.BuildNumber
  ProductType = $os.ProductType
  OSArchitecture = $os.OSArchitecture
  LastBootUpTime = $boot
  ProductName = $cv.ProductName
  EditionID = $cv.EditionID
  DisplayVersion = $cv.DisplayVersion
  ReleaseId = $cv.ReleaseId
  CurrentBuild = $cv.CurrentBuild
  UBR = $cv.UBR
  InstallationType = $cv.InstallationType
  Hostname = $cs.DNSHostName
  PartOfDomain = $cs.PartOfDomain
  Domain = $cs.Domain
}
  } 3>$null 4>$null 5>$null 6>$null)
  Write-AuditorText 'O' (ConvertTo-Json -InputObject $AuditorObjects -Depth 8 -Compress)
} catch {
  $AuditorStatus = 1
  Write-AuditorText 'E' ($_.Exception.GetType().FullName + ': ' + $_.Exception.Message)
}
Write-AuditorText 'O' "`nAUDITOR-@NONCE@ END win_os $AuditorStatus`n"
Write-AuditorText 'E' "`nAUDITOR-@NONCE@ END win_os`n"
