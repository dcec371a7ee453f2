package io.lambdaefs.operator.reconcile;

import io.lambdaefs.operator.aws.sim.SimulatedAws;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.model.SecurityGroupRule;
import software.amazon.awssdk.services.efs.model.AccessPointDescription;
import software.amazon.awssdk.services.lambda.model.FileSystemConfig;

/** What a user would compare in the AWS console before and after: the example world's objects. */
record AwsSnapshot(
    List<FileSystemConfig> fileSystemConfigs,
    List<String> subnetIds,
    List<String> securityGroupIds,
    Map<String, String> functionTags,
    List<SecurityGroupRule> lambdaSgRules,
    List<SecurityGroupRule> mountTargetSgRules,
    List<AccessPointDescription> accessPoints) {

  static AwsSnapshot of(SimulatedAws sim) {
    var fn = sim.inspect().function(ExampleMounts.FUNCTION);
    return new AwsSnapshot(
        fn.fileSystemConfigs(),
        fn.vpcConfig().subnetIds(),
        fn.vpcConfig().securityGroupIds(),
        sim.inspect().functionTags(ExampleMounts.FUNCTION),
        sim.inspect().rules(ExampleMounts.LAMBDA_SG),
        sim.inspect().rules(ExampleMounts.MOUNT_TARGET_SG),
        sim.inspect().accessPoints(ExampleMounts.FILE_SYSTEM));
  }
}
