#!/usr/bin/env python
"""The main example in Python: the same stack as examples/scheduled-backup/main.ts, through the cdktf_cloudcasa
package. test/python/parity.test.ts checks that both synthesize identical Terraform JSON."""
import os

from cdktf import App, LocalBackend, TerraformStack
from constructs import Construct

from cdktf_cloudcasa import (
    CloudCasaProvider,
    Duration,
    KubeBackup,
    KubeCluster,
    KubeOffload,
    Namespaces,
    OffloadTarget,
    Policy,
    PolicySchedule,
    Schedule,
    Trigger,
    WeekDay,
)

#: The stack name (the directory under ``cdktf.out/stacks/``).
STACK_NAME = "cloudcasa-scheduled-backup"


def build_stack(app: Construct, env=os.environ) -> TerraformStack:
    """Declares the example stack in ``app``.

    Reads ``CLOUDCASA_CLUSTER``: the name of the registered cluster to back up (default ``prod``).
    """
    stack = TerraformStack(app, STACK_NAME)
    # The state file beside cdktf.json, as with cdktf's default backend, but written relative to the stack directory
    # (cdktf.out/stacks/<name>/): the default is an absolute path taken from the working directory at synth time.
    LocalBackend(stack, path=f"../../../terraform.{STACK_NAME}.tfstate")

    CloudCasaProvider(stack, "CloudCasa")

    cluster = KubeCluster.from_name(stack, "Cluster", env.get("CLOUDCASA_CLUSTER", "prod"))

    snapshots = Policy(
        stack,
        "SnapshotPolicy",
        policy_name="prod-snapshots",
        timezone="Europe/Berlin",
        schedules=[
            PolicySchedule(schedule=Schedule.daily(hour=1, minute=30), retention=Duration.days(30)),
            PolicySchedule(
                schedule=Schedule.weekly(week_days=[WeekDay.SUNDAY], hour=3),
                retention=Duration.days(90),
                locked=True,
            ),
        ],
    )

    KubeBackup(
        stack,
        "Backup",
        backup_name="prod-apps",
        cluster=cluster,
        namespaces=Namespaces.of(["production", "default"]),
        trigger=Trigger.scheduled(snapshots),
    )

    copies = Policy(
        stack,
        "CopyPolicy",
        policy_name="prod-copies",
        timezone="Europe/Berlin",
        schedules=[PolicySchedule(schedule=Schedule.daily(hour=4), retention=Duration.days(60))],
    )

    # The snapshot half of the copy backup: no schedule of its own, the copy's policy runs it.
    copy_source = KubeBackup(
        stack,
        "CopySource",
        backup_name="prod-apps-offsite",
        cluster=cluster,
        namespaces=Namespaces.of(["production", "default"]),
        trigger=Trigger.adhoc(),
    )

    KubeOffload(
        stack,
        "Copy",
        offload_name="prod-apps-copy",
        backup=copy_source,
        target=OffloadTarget.provider("aws", "us-east-2"),
        trigger=Trigger.scheduled(copies),
        delete_snapshots=False,
    )

    return stack


if __name__ == "__main__":
    app = App()
    build_stack(app)
    app.synth()
