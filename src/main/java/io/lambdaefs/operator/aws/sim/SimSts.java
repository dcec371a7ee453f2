package io.lambdaefs.operator.aws.sim;

import static io.lambdaefs.operator.aws.sim.Service.STS;

import io.lambdaefs.operator.aws.sim.Simulation.Session;
import io.lambdaefs.operator.aws.sim.World.Role;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.AssumedRoleUser;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityRequest;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * The simulated STS: AssumeRole against the roles of the simulated accounts (their trust policies,
 * the external id they require, the caller's own permission to assume them), with credentials that
 * expire on the simulation's clock, and GetCallerIdentity.
 */
final class SimSts implements StsClient {
  /** STS's constraints on a session name (AssumeRole API reference). */
  static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]{2,64}");

  private static final Pattern EXTERNAL_ID = Pattern.compile("[\\w+=,.@:/-]{2,1224}");
  private static final Pattern ROLE_ARN =
      Pattern.compile("arn:(aws[a-z-]*):iam::(\\d{12}):role/(?:[^/]+/)*([\\w+=,.@-]{1,64})");
  private static final Duration DEFAULT_DURATION = Duration.ofHours(1);
  private static final Duration MIN_DURATION = Duration.ofMinutes(15);

  /** A role's default MaxSessionDuration. */
  static final Duration MAX_SESSION_DURATION = Duration.ofHours(1);

  private final SimulatedAws sim;
  private final World world;

  SimSts(SimulatedAws sim, World world) {
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
  public AssumeRoleResponse assumeRole(AssumeRoleRequest request) {
    return sim.call(
        STS,
        "AssumeRole",
        request,
        () -> {
          String session = request.roleSessionName();
          if (session == null || !SESSION_NAME.matcher(session).matches()) {
            throw validation(
                "Value '"
                    + session
                    + "' at 'roleSessionName' failed to satisfy constraint: Member must have"
                    + " length between 2 and 64 and satisfy regular expression pattern:"
                    + " [\\w+=,.@-]*");
          }
          String externalId = request.externalId();
          if (externalId != null && !EXTERNAL_ID.matcher(externalId).matches()) {
            throw validation(
                "Value '"
                    + externalId
                    + "' at 'externalId' failed to satisfy constraint: Member must have length"
                    + " between 2 and 1224 and satisfy regular expression pattern:"
                    + " [\\w+=,.@:/-]*");
          }
          Duration duration =
              request.durationSeconds() == null
                  ? DEFAULT_DURATION
                  : Duration.ofSeconds(request.durationSeconds());
          if (duration.compareTo(MIN_DURATION) < 0) {
            throw validation(
                "Value '"
                    + request.durationSeconds()
                    + "' at 'durationSeconds' failed to satisfy constraint: Member must have value"
                    + " greater than or equal to 900");
          }
          String arn = String.valueOf(request.roleArn());
          Matcher m = ROLE_ARN.matcher(arn);
          Role role = null;
          String account = null;
          if (m.matches()
              && m.group(1).equals(world.partition().id())
              && sim.simulation().knows(m.group(2))) {
            account = m.group(2);
            role = sim.simulation().rolesOf(account).get(m.group(3));
          }
          Map<String, List<String>> context = new LinkedHashMap<>();
          if (externalId != null) {
            context.put("sts:ExternalId", List.of(externalId));
          }
          context.put("sts:RoleSessionName", List.of(session));
          sim.authorization().assumeRole(sim.caller(), arn, role, context);
          if (duration.compareTo(MAX_SESSION_DURATION) > 0) {
            throw validation(
                "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
          }
          Instant expiration = sim.now().plus(duration);
          String accessKey = "ASIA" + random(16);
          sim.simulation()
              .sessions
              .put(accessKey, new Session(accessKey, account, role.name, session, expiration));
          return AssumeRoleResponse.builder()
              .credentials(
                  Credentials.builder()
                      .accessKeyId(accessKey)
                      .secretAccessKey(random(40))
                      .sessionToken(random(64))
                      .expiration(expiration)
                      .build())
              .assumedRoleUser(
                  AssumedRoleUser.builder()
                      .arn(
                          world
                              .partition()
                              .arn("sts", "", account, "assumed-role/" + role.name + "/" + session))
                      .assumedRoleId(roleId(role.name) + ":" + session)
                      .build())
              .build();
        });
  }

  @Override
  public GetCallerIdentityResponse getCallerIdentity(GetCallerIdentityRequest request) {
    return sim.call(
        STS,
        "GetCallerIdentity",
        request,
        () -> {
          Identity who = sim.caller();
          return GetCallerIdentityResponse.builder()
              .account(who.account())
              .arn(who.arn(world.partition()))
              .userId(roleId(who.roleName()) + ":" + who.sessionName())
              .build();
        });
  }

  static String roleId(String roleName) {
    return "AROA" + Ids.derived("x", roleName, 16).substring(2).toUpperCase(Locale.ROOT);
  }

  private static String random(int length) {
    StringBuilder out = new StringBuilder();
    while (out.length() < length) {
      out.append(UUID.randomUUID().toString().replace("-", "").toUpperCase(Locale.ROOT));
    }
    return out.substring(0, length);
  }

  private static RuntimeException validation(String message) {
    return STS.error(
        StsException.builder(),
        "ValidationError",
        400,
        message.startsWith("The ") ? message : "1 validation error detected: " + message);
  }
}
