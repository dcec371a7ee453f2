package io.lambdaefs.operator.observe;

import io.lambdaefs.operator.aws.AwsClients;
import io.lambdaefs.operator.aws.AwsError;
import io.lambdaefs.operator.aws.CallInterceptor;
import io.lambdaefs.operator.aws.OwnershipTags;
import io.lambdaefs.operator.aws.RateBudget;
import io.lambdaefs.operator.observe.FileSystemView.MountTargetView;
import io.lambdaefs.operator.observe.FileSystemView.MountedFunction;
import io.lambdaefs.operator.observe.FunctionView.MountConfig;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.services.ec2.model.DescribeSecurityGroupRulesResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.SecurityGroupRule;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.efs.model.AccessPointDescription;
import software.amazon.awssdk.services.efs.model.DescribeAccessPointsResponse;
import software.amazon.awssdk.services.efs.model.FileSystemDescription;
import software.amazon.awssdk.services.efs.model.FileSystemNotFoundException;
import software.amazon.awssdk.services.efs.model.IncorrectMountTargetStateException;
import software.amazon.awssdk.services.efs.model.MountTargetNotFoundException;
import software.amazon.awssdk.services.efs.model.PolicyNotFoundException;
import software.amazon.awssdk.services.iam.model.ContextEntry;
import software.amazon.awssdk.services.iam.model.ContextKeyTypeEnum;
import software.amazon.awssdk.services.iam.model.EvaluationResult;
import software.amazon.awssdk.services.iam.model.ListRoleTagsResponse;
import software.amazon.awssdk.services.iam.model.ResourceSpecificResult;
import software.amazon.awssdk.services.iam.model.SimulatePrincipalPolicyRequest;
import software.amazon.awssdk.services.iam.model.SimulatePrincipalPolicyResponse;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.GetFunctionResponse;

/**
 * Reads the AWS side of one LambdaEfsMount. Never writes, never throws: every failure becomes a
 * {@link Fetched} with the classified error. Reads are one per facet (GetFunction rather than
 * GetFunctionConfiguration: it has its own, higher rate limit and returns the tags too). The file
 * system's description, mount targets and subnets are shared by every resource on them and read at
 * most once per {@code sharedTtl}.
 */
public final class Observer {
  private final Clock clock;
  private final SharedReads shared;
  private final SharedGroupRules groupRules;
  private final OwnWrites ownWrites;
  private final MountLedger ledger = new MountLedger();

  /**
   * Reads of settings that change rarely and feed only advisories (provisioned concurrency): kept
   * for an hour, failures too, so that they cost Lambda's control-plane rate almost nothing.
   */
  private final SharedReads rarelyChanging;

  private final SharedReads permissionAnswers;

  static final Duration RARELY_CHANGING_TTL = Duration.ofHours(1);

  /**
   * How long IAM's answer about a role is kept: a role changes rarely, the operator's own grants
   * drop the answer at once ({@link OwnWrites}), and a change made by someone else shows within
   * this time. A change of the file system policy is another question (the policy is in the key).
   */
  static final Duration PERMISSIONS_TTL = Duration.ofMinutes(10);

  public Observer(Clock clock) {
    this(clock, Duration.ZERO);
  }

  public Observer(Clock clock, Duration sharedTtl) {
    this.clock = clock;
    this.shared = new SharedReads(clock, sharedTtl);
    this.groupRules = new SharedGroupRules(clock, sharedTtl);
    this.permissionAnswers =
        new SharedReads(clock, sharedTtl.isZero() ? Duration.ZERO : PERMISSIONS_TTL);
    this.ownWrites = new OwnWrites(shared, groupRules, permissionAnswers);
    this.rarelyChanging =
        new SharedReads(clock, sharedTtl.isZero() ? Duration.ZERO : RARELY_CHANGING_TTL);
  }

  /**
   * What the operator's clients must tell this observer about each write, so that what it shares
   * between resources shows the operator's own writes at once (read-your-writes).
   */
  public CallInterceptor ownWrites() {
    return ownWrites;
  }

  /** What a pass is for, which decides the reads beyond those every pass makes. */
  public enum Purpose {
    /** The drift poller and {@code plan}: what shows a change. */
    POLL,
    /** A reconcile: also the rules tagged as this resource's, to release those it needs no more. */
    RECONCILE,
    /** A deletion: the rules tagged as this resource's, and no preflight of routes. */
    CLEANUP
  }

  public Observation observe(ObservationTarget target, AwsClients aws, Purpose purpose) {
    boolean forCleanup = purpose == Purpose.CLEANUP;
    Fetched<FunctionView> function = function(target.functionName(), aws);
    Fetched<FileSystemView> fileSystem =
        target.fileSystemId() == null ? Fetched.notRead() : fileSystem(target.fileSystemId(), aws);
    if (function.isFound() && fileSystem.isFound()) {
      function =
          Fetched.found(withProvisionedConcurrency(aws, function.value(), fileSystem.value()));
      fileSystem = Fetched.found(onLedger(fileSystem.value(), function.value(), forCleanup));
    }
    // Every access point of the file system: the operator's are recognised by their own owner
    // tags, whatever happened between their create and now (a crash, a lost response, a spec
    // change). A file system that could not be read cannot be listed: that is a failed read too.
    Fetched<List<AccessPointView>> accessPoints;
    if (target.fileSystemId() == null) {
      accessPoints = null; // diagnose, before it knows the file system: see below
    } else if (fileSystem.isFound()) {
      // A deletion reads the list as it is now; the others share it.
      accessPoints =
          read(
              () ->
                  forCleanup
                      ? accessPointsOf(aws, target.fileSystemId())
                      : accessPoints(aws, target.fileSystemId()));
    } else if (fileSystem.isAbsent()) {
      accessPoints = Fetched.found(List.of()); // a deleted file system took its access points
    } else {
      accessPoints = Fetched.failed(fileSystem.error());
    }
    Fetched<AccessPointView> adopted = null;
    String existingId = target.existingAccessPointId();
    if (existingId != null
        && fileSystem.isFound()
        && accessPoints.isFound()
        && accessPoints.value().stream().noneMatch(ap -> ap.id().equals(existingId))) {
      adopted = read(() -> accessPoint(aws, existingId));
    }
    Fetched<List<AccessPointView>> elsewhere = null;
    List<String> previous = previousFileSystems(function, target);
    if (!previous.isEmpty()) {
      elsewhere = read(() -> ownedOn(aws, previous, target.ownerUid()));
    }

    if (target.fileSystemId() == null && existingId != null) {
      // diagnose, when the access point a function mounts may be gone: no file system to read
      accessPoints = Fetched.found(List.of());
      adopted = read(() -> accessPoint(aws, existingId));
    }

    Set<String> subnetIds = new LinkedHashSet<>(target.extraSubnetIds());
    Set<String> groupIds = new LinkedHashSet<>(target.extraSecurityGroupIds());
    if (function.isFound()) {
      subnetIds.addAll(function.value().subnetIds());
      groupIds.addAll(function.value().securityGroupIds());
    }
    if (fileSystem.isFound()) {
      fileSystem.value().mountTargets().forEach(mt -> groupIds.addAll(mt.securityGroupIds()));
    }
    Fetched<Map<String, SubnetView>> subnets =
        subnetIds.isEmpty()
            ? Fetched.found(Map.of())
            : read(
                () ->
                    shared.get(
                        aws.region() + "/" + new TreeSet<>(subnetIds),
                        () -> subnets(aws, subnetIds)));
    Fetched<List<SgRuleView>> rules =
        groupIds.isEmpty()
            ? Fetched.found(List.of())
            : read(
                () ->
                    groupRules.rules(
                        aws.region(),
                        groupIds,
                        chunk ->
                            rules(aws, Filter.builder().name("group-id").values(chunk).build())));
    Fetched<List<SgRuleView>> ownedRules =
        switch (purpose) {
          case POLL -> null;
          // A reconcile: this resource's among every rule the operator tagged in the Region, one
          // list all reconciles share (the operator's own rule writes drop it).
          case RECONCILE ->
              read(
                  () ->
                      managedRules(aws).stream()
                          .filter(
                              r -> target.ownerUid().equals(r.tags().get(OwnershipTags.OWNER_UID)))
                          .toList());
          // A deletion reads its own, as they are now.
          case CLEANUP ->
              read(
                  () ->
                      rules(
                          aws,
                          Filter.builder()
                              .name("tag:" + OwnershipTags.OWNER_UID)
                              .values(target.ownerUid())
                              .build()));
        };
    Fetched<List<RouteView>> routes = null;
    if (!forCleanup
        && function.isFound()
        && !function.value().inVpc()
        && !target.extraSubnetIds().isEmpty()) {
      Map<String, SubnetView> known = subnets.isFound() ? subnets.value() : Map.of();
      routes = read(() -> routes(aws, target.extraSubnetIds(), known));
    }
    return new Observation(
        function,
        fileSystem,
        accessPoints,
        adopted,
        subnets,
        rules,
        ownedRules,
        routes,
        null,
        null,
        elsewhere,
        null,
        null,
        clock.instant());
  }

  /**
   * Provisioned concurrency matters only to the bursting-throughput advisory, and only when no
   * reserved concurrency already caps the function (provisioned concurrency counts against it):
   * read it then, at most once an hour per function in the operator (a failed read is kept as
   * unknown for as long), since ListProvisionedConcurrencyConfigs shares Lambda's control-plane
   * rate of 15 requests per second with the updates.
   */
  private FunctionView withProvisionedConcurrency(
      AwsClients aws, FunctionView fn, FileSystemView fs) {
    if (!fs.bursting() || fn.reservedConcurrency() != null) {
      return fn;
    }
    Optional<Integer> provisioned =
        rarelyChanging.get(
            aws.region() + "/provisioned-concurrency/" + fn.arn(),
            () -> read(() -> provisionedConcurrency(aws, fn.arn())).optional());
    return provisioned.map(fn::withProvisionedConcurrency).orElse(fn);
  }

  private static int provisionedConcurrency(AwsClients aws, String functionArn) {
    int total = 0;
    String marker = null;
    do {
      String next = marker;
      var page =
          aws.lambda()
              .listProvisionedConcurrencyConfigs(r -> r.functionName(functionArn).marker(next));
      for (var c : page.provisionedConcurrencyConfigs()) {
        Integer requested = c.requestedProvisionedConcurrentExecutions();
        total += requested == null ? 0 : requested;
      }
      marker = page.nextMarker();
    } while (marker != null && !marker.isEmpty());
    return total;
  }

  /** Remembers the function on the file system (or forgets it, once cleaned up) and lists all. */
  private FileSystemView onLedger(FileSystemView fs, FunctionView fn, boolean forCleanup) {
    if (forCleanup) {
      ledger.forget(fn.arn());
    } else {
      ledger.record(fs.id(), new MountedFunction(fn.arn(), fn.reservedConcurrency()));
    }
    return fs.withMountedBy(ledger.on(fs.id()));
  }

  /** One access point by id: the one a function mounts, to learn its file system. */
  public Fetched<AccessPointView> accessPoint(String id, AwsClients aws) {
    return read(() -> accessPoint(aws, id));
  }

  /**
   * The file system with its mount targets, shared by the resources on it; read again soon while it
   * or a mount target is changing state.
   */
  private FileSystemView sharedFileSystem(AwsClients aws, String id) {
    return shared.get(
        OwnWrites.fileSystemKey(aws.region(), id),
        fs ->
            "available".equals(fs.lifeCycleState())
                    && fs.mountTargets().stream().allMatch(mt -> "available".equals(mt.state()))
                ? shared.ttl()
                : OwnWrites.TRANSITION_TTL,
        () -> fileSystem(aws, id));
  }

  /**
   * Every access point of the file system, shared by the resources on it; read again soon while one
   * of them is being created, updated or deleted (the planner waits for that).
   */
  private List<AccessPointView> accessPoints(AwsClients aws, String fileSystemId) {
    return shared.get(
        OwnWrites.accessPointsKey(aws.region(), fileSystemId),
        list ->
            list.stream().allMatch(ap -> ap.available() || "error".equals(ap.state()))
                ? shared.ttl()
                : OwnWrites.TRANSITION_TTL,
        () -> accessPointsOf(aws, fileSystemId));
  }

  /**
   * The other file systems the function's tag names as holding access points the operator created
   * for this resource (left there when spec.fileSystemId changed); none when the function is not
   * this resource's.
   */
  private static List<String> previousFileSystems(
      Fetched<FunctionView> function, ObservationTarget target) {
    if (!function.isFound() || !OwnershipTags.ownedBy(function.value().tags(), target.ownerUid())) {
      return List.of();
    }
    return OwnershipTags.list(function.value().tags(), OwnershipTags.FILE_SYSTEMS).stream()
        .filter(id -> !id.equals(target.fileSystemId()))
        .distinct()
        .toList();
  }

  /** This resource's access points on those file systems; one that is gone holds none. */
  private List<AccessPointView> ownedOn(
      AwsClients aws, List<String> fileSystemIds, String ownerUid) {
    List<AccessPointView> owned = new ArrayList<>();
    for (String id : fileSystemIds) {
      try {
        accessPoints(aws, id).stream()
            .filter(ap -> OwnershipTags.ownedBy(ap.tags(), ownerUid))
            .forEach(owned::add);
      } catch (FileSystemNotFoundException gone) {
        // deleted with its access points
      }
    }
    return List.copyOf(owned);
  }

  /**
   * One function, as a reconcile reads it: where {@code diagnose} starts, before it knows what the
   * function mounts, and what tells whether another resource relies on a shared rule.
   */
  public Fetched<FunctionView> function(String name, AwsClients aws) {
    return read(() -> function(aws, name));
  }

  /** One file system with its mount targets, shared as every observation shares it. */
  public Fetched<FileSystemView> fileSystem(String id, AwsClients aws) {
    return read(() -> sharedFileSystem(aws, id));
  }

  /**
   * Reads the file system's policy and asks IAM about the execution role: the client actions with
   * that policy as the resource policy (only when there is one: without it EFS's default policy
   * grants them, see PermissionRules), the network-interface actions on their EC2 resources. One
   * DescribeFileSystemPolicy and one or two SimulatePrincipalPolicy calls.
   */
  public Fetched<PermissionCheck> permissions(PermissionQuery query, AwsClients aws) {
    Fetched<String> policy = fileSystemPolicy(aws, query.fileSystemId());
    return read(
        () -> {
          Map<String, PermissionCheck.Verdict> verdicts = new LinkedHashMap<>();
          if (policy.isFound() && !query.clientActions().isEmpty()) {
            // What Lambda's mount presents to EFS: the access point, through a mount target, over
            // TLS.
            List<ContextEntry> context = new ArrayList<>();
            if (query.accessPointArn() != null) {
              context.add(
                  entry(
                      "elasticfilesystem:AccessPointArn",
                      ContextKeyTypeEnum.STRING,
                      query.accessPointArn()));
            }
            context.add(
                entry(
                    "elasticfilesystem:AccessedViaMountTarget",
                    ContextKeyTypeEnum.BOOLEAN,
                    "true"));
            context.add(entry("aws:SecureTransport", ContextKeyTypeEnum.BOOLEAN, "true"));
            verdicts.putAll(
                answers(
                    aws,
                    SimulatePrincipalPolicyRequest.builder()
                        .policySourceArn(query.roleArn())
                        .actionNames(query.clientActions())
                        .resourceArns(query.fileSystemArn())
                        .resourcePolicy(policy.value())
                        .contextEntries(context),
                    action -> List.of(query.fileSystemArn())));
          }
          if (!query.networkActions().isEmpty()) {
            Set<String> resources = new LinkedHashSet<>();
            query.networkActions().values().forEach(resources::addAll);
            verdicts.putAll(
                answers(
                    aws,
                    SimulatePrincipalPolicyRequest.builder()
                        .policySourceArn(query.roleArn())
                        .actionNames(List.copyOf(query.networkActions().keySet()))
                        .resourceArns(List.copyOf(resources)),
                    query.networkActions()::get));
          }
          return new PermissionCheck(query, policy, Map.copyOf(verdicts));
        });
  }

  /**
   * The file system's policy, shared by the resources on it like the file system itself; absent
   * (PolicyNotFound) when it has none.
   */
  private Fetched<String> fileSystemPolicy(AwsClients aws, String fileSystemId) {
    Fetched<Optional<String>> read =
        read(
            () ->
                shared.get(
                    aws.region() + "/" + fileSystemId + "/policy",
                    () -> {
                      try {
                        return Optional.of(
                            aws.efs()
                                .describeFileSystemPolicy(r -> r.fileSystemId(fileSystemId))
                                .policy());
                      } catch (PolicyNotFoundException none) {
                        return Optional.<String>empty();
                      }
                    }));
    if (read.isFound() && read.value().isEmpty()) {
      return Fetched.failed(
          new AwsError(
              AwsError.Kind.NOT_FOUND,
              "PolicyNotFound",
              "File system " + fileSystemId + " has no policy."));
    }
    return read.map(Optional::get);
  }

  private static ContextEntry entry(String key, ContextKeyTypeEnum type, String value) {
    return ContextEntry.builder()
        .contextKeyName(key)
        .contextKeyType(type)
        .contextKeyValues(value)
        .build();
  }

  /**
   * IAM's answer to one question about a role, shared by every resource that asks the same (the
   * same role, actions, resources, file system policy and context: one per role, file system,
   * access point and mode) until the role changes ({@link OwnWrites}) or {@link #PERMISSIONS_TTL}
   * passes.
   */
  private Map<String, PermissionCheck.Verdict> answers(
      AwsClients aws,
      SimulatePrincipalPolicyRequest.Builder request,
      Function<String, List<String>> resourcesOf) {
    SimulatePrincipalPolicyRequest q = request.build();
    String role = q.policySourceArn().substring(q.policySourceArn().lastIndexOf('/') + 1);
    StringBuilder key = new StringBuilder(OwnWrites.permissionsPrefix(role));
    key.append(q.policySourceArn()).append('|').append(q.actionNames());
    key.append('|').append(q.resourceArns()).append('|').append(q.resourcePolicy());
    for (ContextEntry c : q.contextEntries()) {
      key.append('|')
          .append(c.contextKeyName())
          .append('=')
          .append(c.contextKeyTypeAsString())
          .append(c.contextKeyValues());
    }
    return permissionAnswers.get(key.toString(), () -> simulate(aws, request, resourcesOf));
  }

  /**
   * One simulation, paged; an action is allowed only when it is allowed on each of the resources it
   * acts on (IAM answers per resource when asked about several).
   */
  private static Map<String, PermissionCheck.Verdict> simulate(
      AwsClients aws,
      SimulatePrincipalPolicyRequest.Builder request,
      Function<String, List<String>> resourcesOf) {
    Map<String, PermissionCheck.Verdict> verdicts = new LinkedHashMap<>();
    String marker = null;
    do {
      String next = marker;
      SimulatePrincipalPolicyResponse page =
          aws.iam().simulatePrincipalPolicy(request.marker(next).build());
      for (EvaluationResult r : page.evaluationResults()) {
        String decision = r.evalDecisionAsString();
        if (r.hasResourceSpecificResults() && !r.resourceSpecificResults().isEmpty()) {
          List<String> relevant = resourcesOf.apply(r.evalActionName());
          decision = "allowed";
          for (ResourceSpecificResult rr : r.resourceSpecificResults()) {
            if (relevant.contains(rr.evalResourceName())
                && !"allowed".equalsIgnoreCase(rr.evalResourceDecisionAsString())) {
              decision = rr.evalResourceDecisionAsString();
            }
          }
        }
        verdicts.put(
            r.evalActionName(),
            new PermissionCheck.Verdict(decision, List.copyOf(r.missingContextValues())));
      }
      marker = Boolean.TRUE.equals(page.isTruncated()) ? page.marker() : null;
    } while (marker != null);
    return verdicts;
  }

  /**
   * The execution role's tags (ListRoleTags, paged): iam.mode Manage writes only on a role that
   * opted in through them.
   */
  public Fetched<Map<String, String>> roleTags(String roleArn, AwsClients aws) {
    String role = roleArn.substring(roleArn.lastIndexOf('/') + 1);
    return read(
        () -> {
          Map<String, String> tags = new LinkedHashMap<>();
          String marker = null;
          do {
            String next = marker;
            ListRoleTagsResponse page = aws.iam().listRoleTags(r -> r.roleName(role).marker(next));
            page.tags().forEach(t -> tags.put(t.key(), t.value()));
            marker = Boolean.TRUE.equals(page.isTruncated()) ? page.marker() : null;
          } while (marker != null);
          return Map.copyOf(tags);
        });
  }

  /** The inline policy document on a role, URL-decoded; absent when the role has no such policy. */
  public Fetched<String> inlinePolicy(String roleArn, String policyName, AwsClients aws) {
    String role = roleArn.substring(roleArn.lastIndexOf('/') + 1);
    return read(
        () ->
            URLDecoder.decode(
                aws.iam()
                    .getRolePolicy(r -> r.roleName(role).policyName(policyName))
                    .policyDocument(),
                StandardCharsets.UTF_8));
  }

  /**
   * The route table of each subnet: its own, explicitly associated one, else its VPC's main table.
   * Filtering by association.subnet-id returns explicit associations only.
   */
  private static List<RouteView> routes(
      AwsClients aws, List<String> subnetIds, Map<String, SubnetView> subnets) {
    List<RouteTable> own =
        aws.ec2()
            .describeRouteTables(
                r ->
                    r.filters(
                        Filter.builder().name("association.subnet-id").values(subnetIds).build()))
            .routeTables();
    Set<String> vpcsOfTheOthers = new TreeSet<>();
    for (String subnet : subnetIds) {
      if (tableOf(own, subnet) == null && subnets.containsKey(subnet)) {
        vpcsOfTheOthers.add(subnets.get(subnet).vpcId());
      }
    }
    List<RouteTable> mains =
        vpcsOfTheOthers.isEmpty()
            ? List.of()
            : aws.ec2()
                .describeRouteTables(
                    r ->
                        r.filters(
                            Filter.builder().name("vpc-id").values(vpcsOfTheOthers).build(),
                            Filter.builder().name("association.main").values("true").build()))
                .routeTables();
    List<RouteView> views = new ArrayList<>();
    for (String subnet : subnetIds) {
      RouteTable table = tableOf(own, subnet);
      boolean main = table == null;
      if (main && subnets.containsKey(subnet)) {
        String vpc = subnets.get(subnet).vpcId();
        table = mains.stream().filter(t -> vpc.equals(t.vpcId())).findFirst().orElse(null);
      }
      boolean nat =
          table != null
              && table.routes().stream()
                  .anyMatch(
                      r ->
                          "0.0.0.0/0".equals(r.destinationCidrBlock()) && r.natGatewayId() != null);
      views.add(new RouteView(subnet, nat, table == null ? null : table.routeTableId(), main));
    }
    return List.copyOf(views);
  }

  private static RouteTable tableOf(List<RouteTable> tables, String subnetId) {
    return tables.stream()
        .filter(t -> t.associations().stream().anyMatch(a -> subnetId.equals(a.subnetId())))
        .findFirst()
        .orElse(null);
  }

  private static <T> Fetched<T> read(Supplier<T> reader) {
    try {
      return Fetched.found(reader.get());
    } catch (RuntimeException e) {
      return Fetched.failed(AwsError.classify(e));
    }
  }

  private static FunctionView function(AwsClients aws, String name) {
    GetFunctionResponse response = aws.lambda().getFunction(r -> r.functionName(name));
    FunctionConfiguration c = response.configuration();
    List<String> subnets =
        c.vpcConfig() == null ? List.of() : List.copyOf(c.vpcConfig().subnetIds());
    List<String> groups =
        c.vpcConfig() == null ? List.of() : List.copyOf(c.vpcConfig().securityGroupIds());
    String vpcId =
        c.vpcConfig() == null || c.vpcConfig().vpcId() == null || c.vpcConfig().vpcId().isEmpty()
            ? null
            : c.vpcConfig().vpcId();
    List<MountConfig> mounts =
        c.fileSystemConfigs().stream()
            .map(f -> new MountConfig(f.arn(), f.localMountPath()))
            .toList();
    return new FunctionView(
        c.functionName(),
        c.functionArn(),
        c.role(),
        c.stateAsString(),
        c.stateReasonCodeAsString(),
        c.stateReason(),
        c.lastUpdateStatusAsString(),
        c.lastUpdateStatusReasonCodeAsString(),
        c.lastUpdateStatusReason(),
        c.revisionId(),
        vpcId,
        subnets,
        groups,
        c.vpcConfig() != null && Boolean.TRUE.equals(c.vpcConfig().ipv6AllowedForDualStack()),
        mounts,
        response.hasTags() ? Map.copyOf(response.tags()) : Map.of(),
        c.timeout(),
        response.concurrency() == null
            ? null
            : response.concurrency().reservedConcurrentExecutions(),
        null);
  }

  private static FileSystemView fileSystem(AwsClients aws, String id) {
    FileSystemDescription fs =
        aws.efs().describeFileSystems(r -> r.fileSystemId(id)).fileSystems().get(0);
    List<MountTargetView> mountTargets = new ArrayList<>();
    for (var mt : aws.efs().describeMountTargets(r -> r.fileSystemId(id)).mountTargets()) {
      List<String> groups;
      try {
        groups =
            aws.efs()
                .describeMountTargetSecurityGroups(r -> r.mountTargetId(mt.mountTargetId()))
                .securityGroups();
      } catch (IncorrectMountTargetStateException notYet) {
        // A mount target being created has no network interface yet, so no groups to read.
        groups = List.of();
      } catch (MountTargetNotFoundException gone) {
        // Deleted between the two reads: the file system is still there, the mount target is not.
        continue;
      }
      mountTargets.add(
          new MountTargetView(
              mt.mountTargetId(),
              mt.subnetId(),
              mt.vpcId(),
              mt.availabilityZoneId(),
              mt.availabilityZoneName(),
              mt.lifeCycleStateAsString(),
              mt.ipAddress(),
              List.copyOf(groups)));
    }
    Map<String, String> tags = new LinkedHashMap<>();
    fs.tags().forEach(t -> tags.put(t.key(), t.value()));
    return new FileSystemView(
        fs.fileSystemId(),
        fs.fileSystemArn(),
        fs.lifeCycleStateAsString(),
        fs.availabilityZoneId(),
        List.copyOf(mountTargets),
        fs.throughputModeAsString(),
        fs.sizeInBytes() == null ? null : fs.sizeInBytes().value(),
        List.of(),
        Map.copyOf(tags));
  }

  private static List<AccessPointView> accessPointsOf(AwsClients aws, String fileSystemId) {
    List<AccessPointView> all = new ArrayList<>();
    String token = null;
    do {
      String next = token;
      DescribeAccessPointsResponse page =
          aws.efs()
              .describeAccessPoints(
                  r -> r.fileSystemId(fileSystemId).maxResults(100).nextToken(next));
      page.accessPoints().forEach(ap -> all.add(view(ap)));
      token = page.nextToken();
    } while (token != null && !token.isEmpty());
    return List.copyOf(all);
  }

  private static AccessPointView accessPoint(AwsClients aws, String id) {
    return view(aws.efs().describeAccessPoints(r -> r.accessPointId(id)).accessPoints().get(0));
  }

  static AccessPointView view(AccessPointDescription ap) {
    Map<String, String> tags = new LinkedHashMap<>();
    ap.tags().forEach(t -> tags.put(t.key(), t.value()));
    var posix = ap.posixUser();
    var root = ap.rootDirectory();
    return new AccessPointView(
        ap.accessPointId(),
        ap.accessPointArn(),
        ap.fileSystemId(),
        ap.lifeCycleStateAsString(),
        posix == null ? null : posix.uid(),
        posix == null ? null : posix.gid(),
        posix == null ? List.of() : List.copyOf(posix.secondaryGids()),
        root == null || root.path() == null ? "/" : root.path(),
        root == null || root.creationInfo() == null
            ? null
            : new AccessPointView.CreationInfo(
                root.creationInfo().ownerUid(),
                root.creationInfo().ownerGid(),
                root.creationInfo().permissions()),
        Map.copyOf(tags));
  }

  private static Map<String, SubnetView> subnets(AwsClients aws, Set<String> ids) {
    Map<String, SubnetView> byId = new LinkedHashMap<>();
    aws.ec2()
        .describeSubnets(r -> r.subnetIds(ids))
        .subnets()
        .forEach(
            s ->
                byId.put(
                    s.subnetId(),
                    new SubnetView(
                        s.subnetId(),
                        s.vpcId(),
                        s.availabilityZoneId(),
                        s.availabilityZone(),
                        s.cidrBlock())));
    return Map.copyOf(byId);
  }

  /** Every rule the operator tagged in the client set's Region (paged), shared. */
  private List<SgRuleView> managedRules(AwsClients aws) {
    return shared.get(
        OwnWrites.managedRulesKey(aws.scope()),
        () ->
            RateBudget.blocking(
                () ->
                    rules(
                        aws,
                        Filter.builder()
                            .name("tag:" + OwnershipTags.MANAGED_BY)
                            .values(OwnershipTags.MANAGED_BY_VALUE)
                            .build())));
  }

  private static List<SgRuleView> rules(AwsClients aws, Filter filter) {
    List<SgRuleView> all = new ArrayList<>();
    String token = null;
    do {
      String next = token;
      DescribeSecurityGroupRulesResponse page =
          aws.ec2()
              .describeSecurityGroupRules(r -> r.filters(filter).maxResults(1000).nextToken(next));
      page.securityGroupRules().forEach(rule -> all.add(view(rule)));
      token = page.nextToken();
    } while (token != null && !token.isEmpty());
    return List.copyOf(all);
  }

  private static SgRuleView view(SecurityGroupRule r) {
    Map<String, String> tags = new LinkedHashMap<>();
    for (Tag t : r.tags()) {
      tags.put(t.key(), t.value());
    }
    return new SgRuleView(
        r.securityGroupRuleId(),
        r.groupId(),
        Boolean.TRUE.equals(r.isEgress()),
        r.ipProtocol(),
        r.fromPort() == null ? -1 : r.fromPort(),
        r.toPort() == null ? -1 : r.toPort(),
        r.referencedGroupInfo() == null ? null : r.referencedGroupInfo().groupId(),
        r.cidrIpv4(),
        Map.copyOf(tags));
  }
}
