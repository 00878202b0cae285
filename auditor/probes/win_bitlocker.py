"""BitLocker state of every volume BitLocker can protect (Get-BitLockerVolume; needs elevation).

The OS volume is the one with VolumeType "OperatingSystem", so the body never builds a mount
point from host data. Enums are printed with .ToString(): ProtectionStatus "On"/"Off"/"Unknown",
VolumeStatus "FullyEncrypted", "EncryptionInProgress", "FullyDecrypted", ..., EncryptionMethod
"XtsAes128", "XtsAes256", "Aes128", "Aes256", "Hardware", "None", ... and each key protector's
type ("Tpm", "TpmPin", "RecoveryPassword", "ExternalKey", ...). Where the BitLocker module is not
installed (Windows Server without the BitLocker feature, Home editions) the body says so with
`Present = $false` instead of failing.
"""

from __future__ import annotations

from typing import Any

from auditor.probes import winjson
from auditor.probes.base import FactModel, Probe, ProbeError, RawOutput

COMMAND = r"""
if (-not (Get-Command -Name Get-BitLockerVolume -ErrorAction SilentlyContinue)) {
  [pscustomobject]@{ Present = $false; Volumes = @() }
  return
}
$volumes = @(Get-BitLockerVolume -ErrorAction Stop | ForEach-Object {
  [pscustomobject]@{
    MountPoint = $_.MountPoint
    VolumeType = $_.VolumeType.ToString()
    ProtectionStatus = $_.ProtectionStatus.ToString()
    VolumeStatus = $_.VolumeStatus.ToString()
    EncryptionMethod = $_.EncryptionMethod.ToString()
    EncryptionPercentage = $_.EncryptionPercentage
    KeyProtectors = @($_.KeyProtector | ForEach-Object { $_.KeyProtectorType.ToString() })
  }
})
[pscustomobject]@{ Present = $true; Volumes = $volumes }
"""

MAX_VOLUMES = 64


class BitLockerVolume(FactModel):
    mount_point: str
    volume_type: str  # "OperatingSystem", "Data"
    protection_status: str  # "On", "Off", "Unknown"
    volume_status: str  # "FullyEncrypted", "EncryptionInProgress", "FullyDecrypted", ...
    encryption_method: str | None = None
    encryption_percentage: float | None = None
    key_protectors: tuple[str, ...] = ()


class WinBitLocker(FactModel):
    present: bool
    volumes: tuple[BitLockerVolume, ...] = ()

    @property
    def os_volume(self) -> BitLockerVolume | None:
        for volume in self.volumes:
            if volume.volume_type == "OperatingSystem":
                return volume
        return None


def _word(item: dict[str, Any], key: str, *, required: bool = True) -> str | None:
    value = winjson.as_str(item.get(key), key, limit=64)
    if value is None or not value.strip():
        if required:
            raise ProbeError(f"win_bitlocker: volume without {key}")
        return None
    value = value.strip()
    if not value.replace("_", "").isalnum():
        raise ProbeError(f"win_bitlocker: {key} is not an enum name: {value!r:.40}")
    return value


def _percentage(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
        raise ProbeError(f"win_bitlocker: EncryptionPercentage is not a percentage: {value!r:.40}")
    return float(value)


def _volume(item: Any) -> BitLockerVolume:
    if not isinstance(item, dict):
        raise ProbeError(f"win_bitlocker: volume is not an object: {item!r:.40}")
    mount = winjson.as_str(item.get("MountPoint"), "MountPoint", limit=260)
    if not mount:
        raise ProbeError("win_bitlocker: volume without MountPoint")
    protectors = []
    for entry in winjson.as_list(item.get("KeyProtectors"))[:32]:
        name = winjson.as_str(entry, "KeyProtectorType", limit=40)
        if name:
            protectors.append(name.strip())
    return BitLockerVolume(
        mount_point=mount,
        volume_type=_word(item, "VolumeType") or "",
        protection_status=_word(item, "ProtectionStatus") or "",
        volume_status=_word(item, "VolumeStatus") or "",
        encryption_method=_word(item, "EncryptionMethod", required=False),
        encryption_percentage=_percentage(item.get("EncryptionPercentage")),
        key_protectors=tuple(protectors),
    )


def parse(raw: RawOutput) -> WinBitLocker:
    item = winjson.load_one(raw, "win_bitlocker")
    present = winjson.as_bool(item.get("Present"), "Present")
    if present is None:
        raise ProbeError("win_bitlocker: no Present field")
    volumes = winjson.as_list(item.get("Volumes"))
    if len(volumes) > MAX_VOLUMES:
        raise ProbeError(f"win_bitlocker: more than {MAX_VOLUMES} volumes")
    return WinBitLocker(present=present, volumes=tuple(_volume(v) for v in volumes))


WIN_BITLOCKER = Probe(
    name="win_bitlocker",
    description="BitLocker protection, encryption status, method and key protectors of each volume",
    command=COMMAND,
    model=WinBitLocker,
    parse=parse,
    needs_root=True,
    shell="powershell",
)
