package io.lambdaefs.operator.aws.sim;

import static io.lambdaefs.operator.aws.sim.Service.LAMBDA;

import io.lambdaefs.operator.aws.sim.World.Function;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Concurrency;
import software.amazon.awssdk.services.lambda.model.FileSystemConfig;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationRequest;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse;
import software.amazon.awssdk.services.lambda.model.GetFunctionRequest;
import software.amazon.awssdk.services.lambda.model.GetFunctionResponse;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.ListProvisionedConcurrencyConfigsRequest;
import software.amazon.awssdk.services.lambda.model.ListProvisionedConcurrencyConfigsResponse;
import software.amazon.awssdk.services.lambda.model.ListTagsRequest;
import software.amazon.awssdk.services.lambda.model.ListTagsResponse;
import software.amazon.awssdk.services.lambda.model.PreconditionFailedException;
import software.amazon.awssdk.services.lambda.model.ProvisionedConcurrencyConfigListItem;
import software.amazon.awssdk.services.lambda.model.ProvisionedConcurrencyStatusEnum;
import software.amazon.awssdk.services.lambda.model.ResourceConflictException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.TagResourceRequest;
import software.amazon.awssdk.services.lambda.model.TagResourceResponse;
import software.amazon.awssdk.services.lambda.model.UntagResourceRequest;
import software.amazon.awssdk.services.lambda.model.UntagResourceResponse;
import software.amazon.awssdk.services.lambda.model.UpdateFunctionConfigurationRequest;
import software.amazon.awssdk.services.lambda.model.UpdateFunctionConfigurationResponse;
import software.amazon.awssdk.services.lambda.model.VpcConfigResponse;

/**
 * The simulated Lambda control plane: GetFunction(Configuration), UpdateFunctionConfiguration,
 * tags, ListProvisionedConcurrencyConfigs.
 */
final class SimLambda implements LambdaClient {
  private static final int MAX_TAGS = 50;
  private static final int MAX_TAG_KEY = 128;
  private static final int MAX_TAG_VALUE = 256;
  private static final Pattern TAG_TEXT = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");
  private static final DateTimeFormatter LAST_MODIFIED =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);

  private final SimulatedAws sim;
  private final World world;

  SimLambda(SimulatedAws sim, World world) {
    this.sim = sim;
    this.world = world;
  }

  @Override
  public String serviceName() {
    return SERVICE_NAME;
  }

  @Override
  public void close() {}

  @Override
  public GetFunctionResponse getFunction(GetFunctionRequest request) {
    return sim.call(
        LAMBDA,
        "GetFunction",
        request,
        () -> {
          Function f = find(request.functionName());
          var response = GetFunctionResponse.builder().configuration(configuration(f));
          // Tags come only with lambda:ListTags; without it the response has none, and no error.
          String arn = world.functionArn(f.name);
          if (sim.callerAllows("lambda:ListTags", arn, Map.of())) {
            response.tags(f.tags);
          }
          if (f.reservedConcurrency != null) {
            response.concurrency(
                Concurrency.builder().reservedConcurrentExecutions(f.reservedConcurrency).build());
          }
          return response.build();
        });
  }

  @Override
  public GetFunctionConfigurationResponse getFunctionConfiguration(
      GetFunctionConfigurationRequest request) {
    return sim.call(
        LAMBDA,
        "GetFunctionConfiguration",
        request,
        () ->
            Pojos.copy(
                    configuration(find(request.functionName())),
                    GetFunctionConfigurationResponse.builder())
                .build());
  }

  @Override
  public UpdateFunctionConfigurationResponse updateFunctionConfiguration(
      UpdateFunctionConfigurationRequest request) {
    return sim.call(
        LAMBDA,
        "UpdateFunctionConfiguration",
        request,
        () -> {
          Function f = findUnqualified(request.functionName());
          new LambdaUpdate(world, f, request)
              .validateAndApply(sim.now(), sim.settings().lambdaUpdateDelay());
          return Pojos.copy(configuration(f), UpdateFunctionConfigurationResponse.builder())
              .build();
        });
  }

  @Override
  public ListProvisionedConcurrencyConfigsResponse listProvisionedConcurrencyConfigs(
      ListProvisionedConcurrencyConfigsRequest request) {
    return sim.call(
        LAMBDA,
        "ListProvisionedConcurrencyConfigs",
        request,
        () -> {
          Function f = find(request.functionName());
          List<ProvisionedConcurrencyConfigListItem> all = new ArrayList<>();
          f.provisionedConcurrency.forEach(
              (qualifier, count) ->
                  all.add(
                      ProvisionedConcurrencyConfigListItem.builder()
                          .functionArn(world.functionArn(f.name) + ":" + qualifier)
                          .requestedProvisionedConcurrentExecutions(count)
                          .allocatedProvisionedConcurrentExecutions(count)
                          .availableProvisionedConcurrentExecutions(count)
                          .status(ProvisionedConcurrencyStatusEnum.READY)
                          .build()));
          int max = request.maxItems() == null ? 50 : request.maxItems();
          if (max < 1 || max > 50) {
            throw invalid("MaxItems must be between 1 and 50.");
          }
          var page =
              Paging.page(
                  all,
                  ProvisionedConcurrencyConfigListItem::functionArn,
                  request.marker(),
                  max,
                  () -> invalid("Invalid Marker."));
          return ListProvisionedConcurrencyConfigsResponse.builder()
              .provisionedConcurrencyConfigs(page.items())
              .nextMarker(page.nextToken())
              .build();
        });
  }

  @Override
  public TagResourceResponse tagResource(TagResourceRequest request) {
    return sim.call(
        LAMBDA,
        "TagResource",
        request,
        () -> {
          Function f = findByArn(request.resource());
          if (request.hasTags()) {
            checkTags(f, request.tags());
            f.tags.putAll(request.tags());
          }
          return TagResourceResponse.builder().build();
        });
  }

  @Override
  public UntagResourceResponse untagResource(UntagResourceRequest request) {
    return sim.call(
        LAMBDA,
        "UntagResource",
        request,
        () -> {
          Function f = findByArn(request.resource());
          if (request.hasTagKeys()) {
            request.tagKeys().forEach(f.tags::remove);
          }
          return UntagResourceResponse.builder().build();
        });
  }

  @Override
  public ListTagsResponse listTags(ListTagsRequest request) {
    return sim.call(
        LAMBDA,
        "ListTags",
        request,
        () -> ListTagsResponse.builder().tags(findByArn(request.resource()).tags).build());
  }

  /**
   * Lambda's tag limits: keys of 1 to 128 characters, values of at most 256, at most 50 tags on a
   * function, in the characters tags allow.
   */
  private static void checkTags(Function f, Map<String, String> tags) {
    for (Map.Entry<String, String> t : tags.entrySet()) {
      String key = t.getKey();
      String value = t.getValue() == null ? "" : t.getValue();
      if (key.isEmpty() || key.length() > MAX_TAG_KEY || !TAG_TEXT.matcher(key).matches()) {
        throw invalid(
            "1 validation error detected: Value '"
                + key
                + "' at 'tags' failed to satisfy constraint: Map keys must satisfy constraint:"
                + " [Member must have length less than or equal to 128, Member must have length"
                + " greater than or equal to 1, Member must satisfy regular expression pattern: "
                + TAG_TEXT.pattern()
                + "]");
      }
      if (value.length() > MAX_TAG_VALUE || !TAG_TEXT.matcher(value).matches()) {
        throw invalid(
            "1 validation error detected: Value at 'tags' failed to satisfy constraint: Map value"
                + " must satisfy constraint: [Member must have length less than or equal to 256,"
                + " Member must satisfy regular expression pattern: "
                + TAG_TEXT.pattern()
                + "]");
      }
    }
    Set<String> keys = new HashSet<>(f.tags.keySet());
    keys.addAll(tags.keySet());
    if (keys.size() > MAX_TAGS) {
      throw invalid(
          "Number of tags exceeds resource tag limit. A function can have at most "
              + MAX_TAGS
              + " tags.");
    }
  }

  // ---- helpers shared with Console and Inspect ----

  /** Tags live on the unqualified function only; a version or alias ARN is refused. */
  private Function findByArn(String resource) {
    if (resource == null || !resource.startsWith("arn:")) {
      throw invalid(
          "The resource you requested does not exist. Resource must be a function ARN: "
              + resource);
    }
    if (qualifierOf(resource) != null) {
      throw invalid(
          "Tags on function aliases and versions are not supported. Please specify a function"
              + " ARN.");
    }
    return find(resource);
  }

  /**
   * Only $LATEST can be configured. The API reference documents unqualified names only for
   * UpdateFunctionConfiguration; the simulation refuses a version or alias as invalid input.
   */
  private Function findUnqualified(String nameOrArn) {
    String qualifier = nameOrArn == null ? null : qualifierOf(nameOrArn);
    if (qualifier != null && !qualifier.equals("$LATEST")) {
      throw invalid(
          "The configuration of a published version or an alias cannot be changed: "
              + nameOrArn
              + ". Specify the unqualified function name or ARN ($LATEST).");
    }
    return find(nameOrArn);
  }

  /**
   * Finds a function by name, partial ARN or ARN and resolves its lazy state. The world has no
   * published versions or aliases: a qualifier other than $LATEST names nothing.
   */
  Function find(String nameOrArn) {
    Function f = lookup(world, nameOrArn);
    String qualifier = f == null ? null : qualifierOf(nameOrArn);
    if (f == null || qualifier != null && !qualifier.equals("$LATEST")) {
      throw notFound(
          "Function not found: "
              + world.functionArn(nameOf(nameOrArn))
              + (qualifier == null ? "" : ":" + qualifier));
    }
    world.resolve(f, sim.now());
    return f;
  }

  /** "prod" of "name:prod" or "...:function:name:prod"; null for an unqualified name or ARN. */
  static String qualifierOf(String nameOrArn) {
    String[] p = nameOrArn.split(":", -1);
    return p.length < 2 || p[p.length - 2].equals("function") ? null : p[p.length - 1];
  }

  static Function lookup(World world, String nameOrArn) {
    if (nameOrArn == null || nameOrArn.isEmpty()) {
      throw invalid("FunctionName is required.");
    }
    String[] p = nameOrArn.split(":");
    if (nameOrArn.startsWith("arn:")) {
      if (p.length < 7
          || !p[1].equals(world.partition().id())
          || !p[2].equals("lambda")
          || !p[5].equals("function")
          || !p[3].equals(world.region)
          || !p[4].equals(world.account)) {
        return null;
      }
    } else if (nameOrArn.contains(":function:") && !p[0].equals(world.account)) {
      return null;
    }
    return world.functions.get(nameOf(nameOrArn));
  }

  static String nameOf(String nameOrArn) {
    String[] p = nameOrArn.split(":");
    if (nameOrArn.startsWith("arn:")) {
      return p.length > 6 ? p[6] : nameOrArn;
    }
    if (nameOrArn.contains(":function:")) {
      return p[2];
    }
    return p[0];
  }

  static FunctionConfiguration configuration(World world, Function f) {
    List<FileSystemConfig> fs = new ArrayList<>();
    for (World.FsConfig c : f.fileSystemConfigs) {
      fs.add(FileSystemConfig.builder().arn(c.arn()).localMountPath(c.localMountPath()).build());
    }
    return FunctionConfiguration.builder()
        .functionName(f.name)
        .functionArn(world.functionArn(f.name))
        .role(world.roleArn(f.roleName))
        .runtime(f.runtime)
        .timeout(f.timeout)
        .handler("index.handler")
        .version("$LATEST")
        .packageType("Zip")
        .state(f.state)
        .stateReason(f.stateReason)
        .stateReasonCode(f.stateReasonCode)
        .lastUpdateStatus(f.lastUpdateStatus)
        .lastUpdateStatusReason(f.lastUpdateStatusReason)
        .lastUpdateStatusReasonCode(f.lastUpdateStatusReasonCode)
        .revisionId(f.revisionId)
        .lastModified(f.lastModified == null ? null : LAST_MODIFIED.format(f.lastModified))
        .vpcConfig(
            VpcConfigResponse.builder()
                .subnetIds(new ArrayList<>(f.subnetIds))
                .securityGroupIds(new ArrayList<>(f.securityGroupIds))
                .ipv6AllowedForDualStack(f.ipv6AllowedForDualStack)
                .vpcId(world.vpcOf(f))
                .build())
        .fileSystemConfigs(fs)
        .build();
  }

  private FunctionConfiguration configuration(Function f) {
    return configuration(world, f);
  }

  static void bumpRevision(Function f) {
    f.revisionId = UUID.randomUUID().toString();
  }

  static RuntimeException notFound(String message) {
    return LAMBDA.error(
        ResourceNotFoundException.builder().type("User"),
        "ResourceNotFoundException",
        404,
        message);
  }

  static RuntimeException invalid(String message) {
    return LAMBDA.error(
        InvalidParameterValueException.builder().type("User"),
        "InvalidParameterValueException",
        400,
        message);
  }

  static RuntimeException conflict(String message) {
    return LAMBDA.error(
        ResourceConflictException.builder().type("User"),
        "ResourceConflictException",
        409,
        message);
  }

  static RuntimeException preconditionFailed(String message) {
    return LAMBDA.error(
        PreconditionFailedException.builder().type("User"),
        "PreconditionFailedException",
        412,
        message);
  }
}
