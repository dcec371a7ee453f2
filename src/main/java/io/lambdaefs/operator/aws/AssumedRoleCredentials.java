package io.lambdaefs.operator.aws;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * The credentials of one role session: STS AssumeRole with the external id and the session name,
 * renewed {@link #REFRESH_BEFORE} before they expire, so that no request is signed with credentials
 * about to run out. The SDK asks a provider for every request; this one calls STS only when the
 * session is due. When a renewal fails while the current credentials are still valid, they are used
 * and the renewal is tried again on the next request.
 */
public final class AssumedRoleCredentials implements AwsCredentialsProvider {
  private static final Logger log = LoggerFactory.getLogger(AssumedRoleCredentials.class);

  /** How long each session lasts: the default MaxSessionDuration of a role. */
  public static final Duration SESSION_DURATION = Duration.ofHours(1);

  /** How long before the expiration the session is renewed (the SDK's own prefetch time). */
  public static final Duration REFRESH_BEFORE = Duration.ofMinutes(5);

  private final StsClient sts;
  private final String roleArn;
  private final String externalId;
  private final String sessionName;
  private final Supplier<Instant> now;
  private AwsSessionCredentials current;
  private Instant expiration;

  public AssumedRoleCredentials(
      StsClient sts, String roleArn, String externalId, String sessionName, Supplier<Instant> now) {
    this.sts = sts;
    this.roleArn = roleArn;
    this.externalId = externalId;
    this.sessionName = sessionName;
    this.now = now;
  }

  @Override
  public synchronized AwsCredentials resolveCredentials() {
    Instant t = now.get();
    if (current != null && t.isBefore(expiration.minus(REFRESH_BEFORE))) {
      return current;
    }
    try {
      AssumeRoleResponse response =
          sts.assumeRole(
              r ->
                  r.roleArn(roleArn)
                      .roleSessionName(sessionName)
                      .externalId(externalId == null || externalId.isBlank() ? null : externalId)
                      .durationSeconds((int) SESSION_DURATION.toSeconds()));
      Credentials c = response.credentials();
      current =
          AwsSessionCredentials.builder()
              .accessKeyId(c.accessKeyId())
              .secretAccessKey(c.secretAccessKey())
              .sessionToken(c.sessionToken())
              .expirationTime(c.expiration())
              .build();
      expiration = c.expiration();
      return current;
    } catch (RuntimeException e) {
      if (current != null && t.isBefore(expiration)) {
        log.warn(
            "renewing the session {} of {} failed ({}); its credentials stay valid until {}",
            sessionName,
            roleArn,
            e.toString(),
            expiration);
        return current;
      }
      throw new AssumeRoleFailure(roleArn, e);
    }
  }

  public String roleArn() {
    return roleArn;
  }

  public String sessionName() {
    return sessionName;
  }
}
