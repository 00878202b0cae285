Write-AuditorText 'O' "AUDITOR-@NONCE@ BEGIN win_shadow_copies`n"
Write-AuditorText 'E' "AUDITOR-@NONCE@ BEGIN win_shadow_copies`n"
$AuditorStatus = 0
try {
  $AuditorObjects = @(& {
$letters = @{}
Get-CimInstance -ClassName Win32_Volume | ForEach-Object { $letters[$_.DeviceID] = $_.DriveLetter }
$copies = @(Get-CimInstance -ClassName Win32_ShadowCopy)
$volumes = @($copies | Group-Object -Property VolumeName | ForEach-Object {
    $dates = @($_.Group | ForEach-Object { $_.InstallDate } | Sort-Object)
    [pscustomobject]@{
        Volume = $_.Name
        DriveLetter = $letters[$_.Name]
        Count = $_.Count
        Newest = $dates[-1].ToUniversalTime().ToString('o')
        Oldest = $dates[0].ToUniversalTime().ToString('o')
    }
})
[pscustomobject]@{ SystemDrive = $env:SystemDrive; Volumes = $volumes }
  } 3>$null 4>$null 5>$null 6>$null)
  Write-AuditorText 'O' (ConvertTo-Json -InputObject $AuditorObjects -Depth 8 -Compress)
} catch {
  $AuditorStatus = 1
  Write-AuditorText 'E' ($_.Exception.GetType().FullName + ': ' + $_.Exception.Message)
}
Write-AuditorText 'O' "`nAUDITOR-@NONCE@ END win_shadow_copies $AuditorStatus`n"
Write-AuditorText 'E' "`nAUDITOR-@NONCE@ END win_shadow_copies`n"
