package io.lambdaefs.operator.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaefs.operator.aws.AwsError;
import io.lambdaefs.operator.aws.OwnershipTags;
import io.lambdaefs.operator.observe.AccessPointView;
import io.lambdaefs.operator.observe.Fetched;
import io.lambdaefs.operator.observe.SgRuleView;
import io.lambdaefs.operator.observe.SubnetView;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What the operator records on a function, and that it fits in what Lambda allows. */
class FunctionTagsTest {
  final Fixtures f = new Fixtures();

  /** Lambda allows 16 subnets and 5 security groups on a function. */
  @Test
  void theListsOfSixteenAddedSubnetsAndFiveAddedGroupsStayWithinLambdasTagLimits() {
    List<String> subnets =
        IntStream.range(0, 16).mapToObj(i -> String.format("subnet-0%016x", i)).toList();
    List<String> groups =
        IntStream.range(0, 5).mapToObj(i -> String.format("sg-0%016x", i)).toList();
    subnets.forEach(
        id ->
            f.subnets.put(
                id,
                new SubnetView(
                    id,
                    "vpc-0a1b2c3d",
                    id.endsWith("1") ? "use1-az1" : "use1-az2",
                    "us-east-1a",
                    "10.0.1.0/24")));
    f.ownedAccessPoint("fsap-0000000000000aaaa");
    f.functionVpc(List.of(), List.of());
    f.network(subnets, groups, false);
    f.rules.add(
        new SgRuleView(
            "sgr-in", "sg-0efs", false, "tcp", 2049, 2049, groups.get(0), null, Map.of()));
    f.rules.add(
        new SgRuleView("sgr-out", groups.get(0), true, "-1", -1, -1, null, "0.0.0.0/0", Map.of()));

    Plan plan = f.plan();
    assertThat(plan.blocked()).as("%s", plan.problems()).isFalse();
    Action.TagFunction tag = (Action.TagFunction) plan.actions().get(0);
    assertThat(tag.tags())
        .allSatisfy(
            (k, v) -> {
              assertThat(k).hasSizeLessThanOrEqualTo(128);
              assertThat(v).hasSizeLessThanOrEqualTo(OwnershipTags.MAX_VALUE_LENGTH);
            })
        .hasSizeLessThanOrEqualTo(OwnershipTags.MAX_FUNCTION_TAGS)
        .containsKey(OwnershipTags.ADDED_SUBNETS + "-2");
    assertThat(OwnershipTags.list(tag.tags(), OwnershipTags.ADDED_SUBNETS))
        .containsExactlyElementsOf(subnets);
    assertThat(OwnershipTags.list(tag.tags(), OwnershipTags.ADDED_SECURITY_GROUPS))
        .containsExactlyElementsOf(groups);

    // Deletion reads the lists back and takes the function out of the VPC it was put into.
    Map<String, String> tags = new HashMap<>(tag.tags());
    f.functionVpc(subnets, groups);
    f.function = f.functionWith(List.of(), tags);
    Action.UpdateFunction restore = (Action.UpdateFunction) f.cleanup().actions().get(0);
    assertThat(restore.vpc().subnetIds()).isEmpty();
    assertThat(restore.vpc().securityGroupIds()).isEmpty();
  }

  @Test
  void aFunctionWithoutRoomForTheOperatorsTagsIsStalledBeforeAnyWrite() {
    Map<String, String> theirs = new HashMap<>();
    IntStream.range(0, 45).forEach(i -> theirs.put("team/tag-" + i, "v"));
    f.function = f.functionWith(List.of(), theirs);
    Plan plan = f.plan();
    assertThat(plan.actions()).isEmpty();
    assertThat(plan.problems())
        .anyMatch(
            p ->
                p.reason().equals("FunctionTagLimit")
                    // 45 of theirs and the owner's lambdaefs.io/allowed-namespaces
                    && p.message().contains("has 46 tags")
                    && p.message().contains("Remove "));
  }

  @Test
  void aPreviousFileSystemLeavesTheTagOnceItHoldsNoAccessPointOfTheResource() {
    f.inSync();
    Map<String, String> tags = new HashMap<>(f.function.tags());
    tags.putAll(
        OwnershipTags.listTags(
            OwnershipTags.FILE_SYSTEMS, List.of("fs-0previous00000000", Fixtures.FS)));
    f.function = f.functionWith(f.function.fileSystemConfigs(), tags);
    f.elsewhere = Fetched.found(List.of());
    assertThat(f.plan().actions())
        .containsExactly(
            new Action.TagFunction(
                Fixtures.FN_ARN, Map.of(OwnershipTags.FILE_SYSTEMS, Fixtures.FS)));
  }

  @Test
  void aPreviousFileSystemThatCouldNotBeReadStaysInTheTag() {
    f.inSync();
    Map<String, String> tags = new HashMap<>(f.function.tags());
    tags.put(OwnershipTags.FILE_SYSTEMS, "fs-0previous00000000 " + Fixtures.FS);
    f.function = f.functionWith(f.function.fileSystemConfigs(), tags);
    f.elsewhere = Fixtures.error(AwsError.Kind.THROTTLED, "ThrottlingException");
    assertThat(f.plan().actions()).isEmpty();
  }

  @Test
  void anOwnedAccessPointBesideTheMountedOneIsDeletedAndTheMountedOneKept() {
    AccessPointView mounted = f.inSync();
    AccessPointView twin = f.ownedAccessPoint("fsap-0000000000000bbbb");
    assertThat(f.plan().actions()).containsExactly(new Action.DeleteAccessPoint(twin.id()));
    assertThat(f.plan().report().accessPoint().id()).isEqualTo(mounted.id());
  }
}
