package io.lambdaefs.operator.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaefs.operator.api.v1alpha1.DeletionPolicy;
import io.lambdaefs.operator.api.v1alpha1.DriftPolicy;
import io.lambdaefs.operator.api.v1alpha1.IamMode;
import io.lambdaefs.operator.aws.AwsClients;
import io.lambdaefs.operator.aws.sim.SimulatedAws;
import io.lambdaefs.operator.plan.AccessPointParams;
import io.lambdaefs.operator.plan.DesiredMount;
import io.lambdaefs.operator.plan.Plan;
import io.lambdaefs.operator.plan.Planner;
import io.lambdaefs.operator.plan.Problem;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.efs.model.DescribeAccessPointsRequest;
import software.amazon.awssdk.services.efs.model.DescribeAccessPointsResponse;
import software.amazon.awssdk.services.efs.model.DescribeFileSystemsRequest;
import software.amazon.awssdk.services.efs.model.DescribeFileSystemsResponse;
import software.amazon.awssdk.services.efs.model.DescribeMountTargetSecurityGroupsRequest;
import software.amazon.awssdk.services.efs.model.DescribeMountTargetSecurityGroupsResponse;
import software.amazon.awssdk.services.efs.model.DescribeMountTargetsRequest;
import software.amazon.awssdk.services.efs.model.DescribeMountTargetsResponse;

/**
 * The observer against the simulated AWS, where what EFS answers depends on a mount target's state
 * and on changes made between two reads.
 */
class ObserverTest {
  private static final String FS = "fs-0abc123def456789";
  private static final ObservationTarget TARGET =
      new ObservationTarget("file-processor", FS, null, List.of(), List.of(), "uid-1");

  private SimulatedAws sim;
  private List<String> mountTargets;

  @BeforeEach
  void setUp() throws Exception {
    sim = SimulatedAws.fromWorldFile(Path.of("examples/world.yaml"));
    mountTargets =
        sim.efs().describeMountTargets(r -> r.fileSystemId(FS)).mountTargets().stream()
            .map(mt -> mt.mountTargetId())
            .toList();
  }

  private AwsClients clients(EfsClient efs) {
    return new AwsClients(sim.region(), sim.lambda(), efs, sim.ec2(), sim.iam());
  }

  /** examples/lambdaefsmount.yaml, as the planner sees it. */
  private static Plan plan(Observation obs) {
    DesiredMount desired =
        new DesiredMount(
            "default",
            "file-processor-data",
            "uid-1",
            null,
            "file-processor",
            FS,
            "/mnt/data",
            false,
            null,
            new AccessPointParams(1000, 1000, List.of(), "/lambda-data", 1000L, 1000L, "755"),
            Map.of(),
            List.of(),
            List.of(),
            true,
            DriftPolicy.Correct,
            DeletionPolicy.Delete,
            IamMode.Verify);
    return new Planner().plan(desired, obs);
  }

  private static List<String> reasons(Plan plan, Problem.Severity severity) {
    return plan.problems().stream()
        .filter(p -> p.severity() == severity)
        .map(Problem::reason)
        .toList();
  }

  @Test
  void aMountTargetBeingCreatedIsAMountTargetNotAvailableNotAFailedRead() {
    sim.console().setMountTargetState(mountTargets.get(1), "creating");

    Observation obs =
        new Observer(Clock.systemUTC()).observe(TARGET, clients(sim.efs()), Observer.Purpose.POLL);

    assertThat(obs.fileSystem().isFound()).isTrue();
    assertThat(obs.fileSystem().value().mountTargets())
        .filteredOn(mt -> mt.id().equals(mountTargets.get(1)))
        .singleElement()
        .satisfies(
            mt -> {
              assertThat(mt.state()).isEqualTo("creating");
              assertThat(mt.available()).isFalse();
            });
    Plan plan = plan(obs);
    assertThat(reasons(plan, Problem.Severity.WAITING)).contains("MountTargetNotAvailable");
    assertThat(reasons(plan, Problem.Severity.BLOCKING)).isEmpty();
  }

  @Test
  void aMountTargetDeletedBetweenTwoReadsIsLeftOutNotAFileSystemGone() {
    String victim = mountTargets.get(1);
    EfsClient efs = new DeletingBetweenReads(sim, victim);

    Observation obs =
        new Observer(Clock.systemUTC()).observe(TARGET, clients(efs), Observer.Purpose.POLL);

    assertThat(obs.fileSystem().isFound()).as("%s", obs.fileSystem()).isTrue();
    assertThat(obs.fileSystem().value().mountTargets())
        .extracting(FileSystemView.MountTargetView::id)
        .containsExactly(mountTargets.get(0));
    // What the planner makes of it: the AZ has no mount target now, the file system is there.
    assertThat(reasons(plan(obs), Problem.Severity.BLOCKING)).containsExactly("MountTargetMissing");
  }

  /** Someone deletes a mount target right after DescribeMountTargets answered. */
  private static final class DeletingBetweenReads implements EfsClient {
    private final SimulatedAws sim;
    private final String victim;

    DeletingBetweenReads(SimulatedAws sim, String victim) {
      this.sim = sim;
      this.victim = victim;
    }

    @Override
    public DescribeFileSystemsResponse describeFileSystems(DescribeFileSystemsRequest r) {
      return sim.efs().describeFileSystems(r);
    }

    @Override
    public DescribeMountTargetsResponse describeMountTargets(DescribeMountTargetsRequest r) {
      DescribeMountTargetsResponse answer = sim.efs().describeMountTargets(r);
      sim.console().deleteMountTarget(victim);
      return answer;
    }

    @Override
    public DescribeMountTargetSecurityGroupsResponse describeMountTargetSecurityGroups(
        DescribeMountTargetSecurityGroupsRequest r) {
      return sim.efs().describeMountTargetSecurityGroups(r);
    }

    @Override
    public DescribeAccessPointsResponse describeAccessPoints(DescribeAccessPointsRequest r) {
      return sim.efs().describeAccessPoints(r);
    }

    @Override
    public String serviceName() {
      return SERVICE_NAME;
    }

    @Override
    public void close() {}
  }
}
