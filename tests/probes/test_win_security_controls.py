"""The Windows security-control probes' derived values, and the shared helpers in auditor.checklib.winseckit.

The goldens (tests/probes/golden/win_*) pin what each parser returns; these tests pin what the
checks read from the facts: Security Center's productState bits, effective RDP values (policy wins),
accounts by relative id, audit settings by GUID and the third-party antivirus decision.
"""

from __future__ import annotations

from datetime import UTC, datetime

from auditor.checklib.checkdef import Facts, Verdict
from auditor.checklib.winseckit import (
    DEFENDER_CASE,
    DEFENDER_PASSIVE_SOPHOS,
    DEFENDER_REMOVED_EDR,
    audit_case,
    defender_or_verdict,
    third_party_in_charge,
)
from auditor.core.models import Status
from auditor.probes.win_audit_policy import WinAuditPolicy
from auditor.probes.win_defender import AvProduct, WinDefender
from auditor.probes.win_local_accounts import WinLocalAccounts
from auditor.probes.win_rdp import WinRdp
from auditor.probes.win_smb import WinSmb

NOW = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)


def _facts(defender: dict[str, object], **settings: object) -> Facts:
    return Facts(values={"win_defender": WinDefender.model_validate(defender)}, errors={}, now=NOW, settings=settings)


def test_security_center_product_state_bits() -> None:
    assert AvProduct(name="Windows Defender", product_state=397568).enabled is True  # 0x061100
    assert AvProduct(name="Windows Defender", product_state=393472).enabled is False  # 0x060100
    assert AvProduct(name="X", product_state=397584).up_to_date is False  # 0x061110
    assert AvProduct(name="X", product_state=397568).up_to_date is True
    assert AvProduct(name="Microsoft Defender Antivirus").is_defender is True
    assert AvProduct(name="Sophos Anti-Virus").is_defender is False


def test_third_party_decision() -> None:
    assert third_party_in_charge(WinDefender.model_validate(DEFENDER_CASE), _facts(dict(DEFENDER_CASE))) is None
    sophos = _facts(dict(DEFENDER_PASSIVE_SOPHOS))
    assert third_party_in_charge(WinDefender.model_validate(DEFENDER_PASSIVE_SOPHOS), sophos) == "Sophos Anti-Virus"
    edr = WinDefender.model_validate(DEFENDER_REMOVED_EDR)
    assert third_party_in_charge(edr, _facts(dict(DEFENDER_REMOVED_EDR))) == "CSFalconService"
    # a setting replaces the default list: CrowdStrike is then not accepted
    assert third_party_in_charge(edr, _facts(dict(DEFENDER_REMOVED_EDR), windows_edr_services="Acme*")) is None
    verdict = defender_or_verdict(_facts(dict(DEFENDER_REMOVED_EDR), windows_edr_services="Acme*"))
    assert isinstance(verdict, Verdict) and verdict.status is Status.FAIL


def test_rdp_policy_value_wins() -> None:
    rdp = WinRdp(deny_connections=0, user_authentication=0, security_layer=1, policy_user_authentication=1)
    assert rdp.enabled is True
    assert rdp.nla == (1, "Group Policy")
    assert rdp.layer == (1, "local setting")
    assert WinRdp().enabled is False  # fDenyTSConnections absent: RDP refused
    assert WinRdp(deny_connections=0, policy_deny_connections=1).enabled is False


def test_smb1_feature_and_driver() -> None:
    base = {"server_smb1": False, "server_require_signing": False, "client_require_signing": False}
    assert WinSmb.model_validate({**base, "smb1_feature_state": "Enabled"}).smb1_feature_installed is True
    assert (
        WinSmb.model_validate({**base, "smb1_feature_state": "DisabledWithPayloadRemoved"}).smb1_feature_installed
        is False
    )
    unknown = WinSmb.model_validate({**base, "smb1_client_driver_present": True, "smb1_client_driver_start": 4})
    assert unknown.smb1_feature_installed is None
    assert unknown.smb1_client_driver_enabled is False


def test_accounts_by_rid_ignore_non_local_sids() -> None:
    accounts = WinLocalAccounts.model_validate(
        {
            "domain_controller": False,
            "users": [
                {"name": "it-local", "sid": "S-1-5-21-1-2-3-500", "enabled": True},
                {"name": "odd", "sid": "S-1-5-32-501", "enabled": True},
            ],
        }
    )
    admin = accounts.by_rid("500")
    assert admin is not None and admin.name == "it-local"
    assert accounts.by_rid("501") is None


def test_audit_lookup_by_guid_with_or_without_braces() -> None:
    policy = WinAuditPolicy.model_validate(audit_case({"0CCE9215-69AE-11D9-BED3-505054503030": 2})["win_audit_policy"])
    setting = policy.get("{0cce9215-69ae-11d9-bed3-505054503030}")
    assert setting is not None and (setting.success, setting.failure) == (False, True)
