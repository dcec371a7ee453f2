package io.lambdaefs.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.lambdaefs.operator.api.v1alpha1.LambdaEfsMount;
import io.lambdaefs.operator.api.v1alpha1.LambdaEfsMountStatus;
import io.lambdaefs.operator.aws.OwnershipTags;
import io.lambdaefs.operator.aws.sim.SimulatedAws;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lambda.model.FileSystemConfig;

/** The chaos run's oracle finds what it is there to find. */
class ChaosCheckTest {
  private final ChaosWorld world = new ChaosWorld(6);
  private final SimulatedAws sim = SimulatedAws.fromWorldYaml(world.yaml(), "chaos world");

  @Test
  void anAccountWithoutOwnedObjectsAndNoResourceIsClean() {
    assertThat(ChaosCheck.check(sim, List.of(), Map.of(), world).clean()).isTrue();
  }

  @Test
  void anAccessPointOfAGoneResourceIsLeakedAndASecondOneOfALiveResourceDuplicated() {
    LambdaEfsMount live = ready(0);
    String ap = ownedAccessPoint(live);
    sim.console()
        .setFunctionFileSystemConfigs(
            ChaosWorld.function(0),
            List.of(
                FileSystemConfig.builder()
                    .arn("arn:aws:elasticfilesystem:us-east-1:123456789012:access-point/" + ap)
                    .localMountPath("/mnt/data")
                    .build()));
    ownedAccessPoint(live);
    sim.console()
        .createAccessPoint(
            ChaosWorld.fileSystem(0), 1, 1, "/x", OwnershipTags.of("chaos", "gone", "uid-gone"));

    ChaosCheck.Findings findings = ChaosCheck.check(sim, List.of(live), Map.of(), world);
    assertThat(findings.duplicated()).singleElement().asString().contains("second access point");
    assertThat(findings.leaked()).singleElement().asString().contains("uid-gone");
    assertThat(findings.notReady()).isEmpty();
  }

  @Test
  void aRuleNothingReliesOnIsLeakedAndTheFunctionOfADeletedResourceMustBeGivenBack() {
    LambdaEfsMount live = ready(0);
    sim.console()
        .addSecurityGroupRule(
            ChaosWorld.mountTargetGroup(1), false, "tcp", 2049, 2049, world.group(2), null);
    sim.console().setFunctionVpcConfig(ChaosWorld.function(3), List.of(), List.of());

    ChaosCheck.Findings findings =
        ChaosCheck.check(
            sim,
            List.of(live),
            Map.of(
                ChaosWorld.function(3),
                new ChaosCheck.OwnVpc(ChaosWorld.SUBNETS, List.of(world.group(0)))),
            world);
    assertThat(findings.notReady())
        .singleElement()
        .asString()
        .contains("does not mount its access point");
    assertThat(findings.leaked()).singleElement().asString().contains("VPC config of");
  }

  private LambdaEfsMount ready(int i) {
    LambdaEfsMount m = world.mount(i);
    m.getMetadata().setUid("uid-" + i);
    m.getMetadata().setGeneration(1L);
    var status = new LambdaEfsMountStatus();
    status.setObservedGeneration(1L);
    status.setConditions(
        List.of(
            new ConditionBuilder()
                .withType("Ready")
                .withStatus("True")
                .withReason("Mounted")
                .build()));
    m.setStatus(status);
    return m;
  }

  private String ownedAccessPoint(LambdaEfsMount m) {
    var posix = m.getSpec().getAccessPoint().getPosixUser();
    return sim.console()
        .createAccessPoint(
            m.getSpec().getFileSystemId(),
            posix.getUid(),
            posix.getGid(),
            m.getSpec().getAccessPoint().getRootDirectory().getPath(),
            OwnershipTags.of("chaos", m.getMetadata().getName(), m.getMetadata().getUid()));
  }
}
