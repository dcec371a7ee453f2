package io.lambdaefs.operator.reconcile;

import static io.lambdaefs.operator.reconcile.ExampleMounts.FILE_SYSTEM;
import static io.lambdaefs.operator.reconcile.ExampleMounts.FUNCTION;
import static io.lambdaefs.operator.reconcile.ExampleMounts.HAND_MADE_ACCESS_POINT;
import static io.lambdaefs.operator.reconcile.ExampleMounts.LAMBDA_SG;
import static io.lambdaefs.operator.reconcile.ExampleMounts.MOUNT_TARGET_SG;
import static io.lambdaefs.operator.reconcile.ExampleMounts.SUBNET_A;
import static io.lambdaefs.operator.reconcile.ExampleMounts.SUBNET_B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.lambdaefs.operator.api.v1alpha1.LambdaEfsMount;
import io.lambdaefs.operator.api.v1alpha1.SecurityGroupRuleStatus;
import io.lambdaefs.operator.aws.OwnershipTags;
import io.lambdaefs.operator.status.Conditions;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import software.amazon.awssdk.services.ec2.model.SecurityGroupRule;
import software.amazon.awssdk.services.efs.model.AccessPointDescription;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;

/** A new LambdaEfsMount ends Ready with exactly the AWS objects the manual recipe would create. */
@Execution(ExecutionMode.CONCURRENT) // its own harness: a world of its own
class CreateOperatorTest {
  private OperatorHarness harness;

  @BeforeEach
  void start() {
    harness = OperatorHarness.start();
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  @Test
  void createdMountIsReadyWithOneAccessPointOneIngressRuleAndTheFunctionMounted() {
    int egressRulesBefore = harness.sim().inspect().rules(LAMBDA_SG).size();

    harness.create(ExampleMounts.creating("data"));
    LambdaEfsMount ready = harness.awaitReady("data");
    String uid = ready.getMetadata().getUid();

    // Exactly one access point of ours, with the spec's POSIX user and root directory; the
    // hand-made one stays.
    List<AccessPointDescription> all = harness.sim().inspect().accessPoints(FILE_SYSTEM);
    List<AccessPointDescription> owned = harness.ownedAccessPoints(FILE_SYSTEM, uid);
    assertThat(owned).hasSize(1);
    assertThat(all)
        .extracting(AccessPointDescription::accessPointId)
        .containsExactlyInAnyOrder(HAND_MADE_ACCESS_POINT, owned.get(0).accessPointId());
    AccessPointDescription ap = owned.get(0);
    assertThat(ap.lifeCycleStateAsString()).isEqualTo("available");
    assertThat(ap.posixUser().uid()).isEqualTo(1000L);
    assertThat(ap.posixUser().gid()).isEqualTo(1000L);
    assertThat(ap.rootDirectory().path()).isEqualTo("/lambda-data");
    assertThat(ap.rootDirectory().creationInfo().ownerUid()).isEqualTo(1000L);
    assertThat(ap.rootDirectory().creationInfo().ownerGid()).isEqualTo(1000L);
    assertThat(ap.rootDirectory().creationInfo().permissions()).isEqualTo("755");
    assertThat(tags(ap))
        .containsEntry("Name", "lambda-data-ap")
        .containsEntry(OwnershipTags.OWNER, "default/data")
        .containsEntry(OwnershipTags.MANAGED_BY, OwnershipTags.MANAGED_BY_VALUE);

    // NFS in from the function's SG on the mount targets' SG, tagged as ours; no egress rule
    // needed.
    List<SecurityGroupRule> ingress = harness.nfsRules(MOUNT_TARGET_SG, false);
    assertThat(ingress).hasSize(1);
    SecurityGroupRule rule = ingress.get(0);
    assertThat(rule.referencedGroupInfo().groupId()).isEqualTo(LAMBDA_SG);
    assertThat(rule.fromPort()).isEqualTo(2049);
    assertThat(rule.toPort()).isEqualTo(2049);
    assertThat(rule.tags())
        .anyMatch(t -> t.key().equals(OwnershipTags.OWNER_UID) && t.value().equals(uid));
    assertThat(harness.sim().inspect().rules(LAMBDA_SG))
        .hasSize(egressRulesBefore)
        .noneMatch(r -> r.tags().stream().anyMatch(t -> t.key().startsWith("lambdaefs.io/")));
    assertThat(harness.sim().calls().count("EC2:AuthorizeSecurityGroupEgress")).isZero();

    // The function mounts that access point at the spec's path; its VPC config is what it was.
    FunctionConfiguration fn = harness.sim().inspect().function(FUNCTION);
    assertThat(fn.fileSystemConfigs())
        .extracting(c -> c.arn(), c -> c.localMountPath())
        .containsExactly(tuple(ap.accessPointArn(), "/mnt/data"));
    assertThat(fn.vpcConfig().subnetIds()).containsExactly(SUBNET_A, SUBNET_B);
    assertThat(fn.vpcConfig().securityGroupIds()).containsExactly(LAMBDA_SG);
    assertThat(fn.lastUpdateStatusAsString()).isEqualTo("Successful");
    assertThat(harness.sim().inspect().functionTags(FUNCTION))
        .containsEntry(OwnershipTags.OWNER_UID, uid);

    // The status reports those objects for this generation and nothing needs a human.
    var status = ready.getStatus();
    assertThat(status.getObservedGeneration()).isEqualTo(ready.getMetadata().getGeneration());
    assertThat(status.getAccessPoint().getId()).isEqualTo(ap.accessPointId());
    assertThat(status.getAccessPoint().getArn()).isEqualTo(ap.accessPointArn());
    assertThat(status.getAccessPoint().getOwned()).isTrue();
    assertThat(status.getSecurityGroupRules())
        .extracting(
            SecurityGroupRuleStatus::getId,
            SecurityGroupRuleStatus::getGroupId,
            SecurityGroupRuleStatus::getDirection,
            SecurityGroupRuleStatus::getPeerGroupId,
            SecurityGroupRuleStatus::getOwned)
        .contains(tuple(rule.securityGroupRuleId(), MOUNT_TARGET_SG, "ingress", LAMBDA_SG, true));
    assertThat(status.getSecurityGroupRules())
        .filteredOn(r -> "egress".equals(r.getDirection()))
        .isNotEmpty()
        .allMatch(r -> !r.getOwned() && LAMBDA_SG.equals(r.getGroupId()));
    assertThat(status.getFunction().getArn()).isEqualTo(fn.functionArn());
    assertThat(OperatorHarness.condition(ready, Conditions.STALLED))
        .hasValueSatisfying(
            c -> {
              assertThat(c.getStatus()).isEqualTo("False");
              assertThat(c.getObservedGeneration()).isEqualTo(ready.getMetadata().getGeneration());
            });
    assertThat(OperatorHarness.condition(ready, Conditions.RECONCILING))
        .hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("False"));
    assertThat(OperatorHarness.condition(ready, Conditions.READY))
        .hasValueSatisfying(
            c -> assertThat(c.getMessage()).contains(ap.accessPointId(), "/mnt/data"));
  }

  static Map<String, String> tags(AccessPointDescription ap) {
    return ap.tags().stream().collect(Collectors.toMap(t -> t.key(), t -> t.value()));
  }
}
