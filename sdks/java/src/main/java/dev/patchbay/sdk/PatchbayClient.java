package dev.patchbay.sdk;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;

/**
 * The typed client of the Patchbay API; thread-safe, build one and share it.
 *
 * <pre>{@code
 * PatchbayClient client = PatchbayClient.builder().baseUrl("http://127.0.0.1:7300").token(token).build();
 * Execution run = client.connectionsService().connect("library", Map.of("ref", "v2"));
 * }</pre>
 *
 * Every call throws an unchecked {@link dev.patchbay.sdk.errors.PatchbayException} subclass on failure.
 */
public final class PatchbayClient {
  private final String baseUrl;
  private final ConnectionsService connections;
  private final CloudService cloud;
  private final ExecutionsService executions;
  private final ComponentsService components;
  private final VaultService vault;
  private final TokensService tokens;
  private final TypesService types;
  private final WorkspacesService workspaces;
  private final AuditService audit;
  private final SessionService session;

  private PatchbayClient(Builder b) {
    this.baseUrl = b.baseUrl;
    HttpClient http = b.httpClient != null
        ? b.httpClient
        : HttpClient.newBuilder().connectTimeout(b.connectTimeout).followRedirects(HttpClient.Redirect.NEVER).build();
    RetryPolicy retry = new RetryPolicy(b.maxRetries, b.retryBaseDelay, b.maxRetryDelay, b.sleeper);
    Transport transport = new Transport(b.baseUrl, b.token, http, b.timeout, retry, "patchbay-java/0.1.0");
    this.connections = new ConnectionsService(transport);
    this.cloud = new CloudService(connections);
    this.executions = new ExecutionsService(transport);
    this.components = new ComponentsService(transport);
    this.vault = new VaultService(transport);
    this.tokens = new TokensService(transport);
    this.types = new TypesService(transport);
    this.workspaces = new WorkspacesService(transport);
    this.audit = new AuditService(transport);
    this.session = new SessionService(transport);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder preset from {@code PATCHBAY_URL} (default {@code http://127.0.0.1:7300}) and {@code PATCHBAY_TOKEN}. */
  public static Builder fromEnvironment() {
    Builder builder = builder().baseUrl(Objects.requireNonNullElse(blankToNull(System.getenv("PATCHBAY_URL")), DEFAULT_BASE_URL));
    String token = blankToNull(System.getenv("PATCHBAY_TOKEN"));
    return token == null ? builder : builder.token(token);
  }

  public static final String DEFAULT_BASE_URL = "http://127.0.0.1:7300";

  /** Named connections: create, get, list, update, credentials, validate, resolve, connect, revoke, restore, delete, Vault. */
  public ConnectionsService connectionsService() {
    return connections;
  }

  /** The cloud lifecycle: create, complete, validate, fetch, list, update, delete. */
  public CloudService cloudService() {
    return cloud;
  }

  public ExecutionsService executionsService() {
    return executions;
  }

  public ComponentsService componentsService() {
    return components;
  }

  public VaultService vaultService() {
    return vault;
  }

  public TokensService tokensService() {
    return tokens;
  }

  public TypesService typesService() {
    return types;
  }

  public WorkspacesService workspacesService() {
    return workspaces;
  }

  public AuditService auditService() {
    return audit;
  }

  public SessionService sessionService() {
    return session;
  }

  public String baseUrl() {
    return baseUrl;
  }

  /** Never shows the token. */
  @Override
  public String toString() {
    return "PatchbayClient[baseUrl=" + baseUrl + ", token=***]";
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  /** Settings of a {@link PatchbayClient}; only {@link #baseUrl(String)} is required. */
  public static final class Builder {
    private String baseUrl;
    private Secret token;
    private Duration timeout = Duration.ofSeconds(30);
    private Duration connectTimeout = Duration.ofSeconds(10);
    private int maxRetries = 2;
    private Duration retryBaseDelay = Duration.ofMillis(250);
    private Duration maxRetryDelay = Duration.ofSeconds(30);
    private Sleeper sleeper = Sleeper.THREAD;
    private HttpClient httpClient;

    private Builder() {}

    /** e.g. {@code http://127.0.0.1:7300} (without {@code /v1}). */
    public Builder baseUrl(String baseUrl) {
      URI uri = URI.create(Objects.requireNonNull(baseUrl, "baseUrl"));
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw new IllegalArgumentException("baseUrl must be an absolute http(s) URL such as http://127.0.0.1:7300");
      }
      this.baseUrl = baseUrl.replaceAll("/+$", "");
      return this;
    }

    /** The API token ({@code pb_…}), sent as {@code Authorization: Bearer}; kept out of every string. */
    public Builder token(String token) {
      // checked here because the JDK's own header check quotes the bad value in its exception
      if (token != null && !token.chars().allMatch(ch -> ch > 0x20 && ch < 0x7f)) {
        throw new IllegalArgumentException("the token holds whitespace or non-ASCII characters; "
            + "copy it again (an API token is pb_ followed by letters, digits, - and _)");
      }
      this.token = token == null || token.isEmpty() ? null : new Secret(token);
      return this;
    }

    /** Per-request timeout (default 30 s); connect calls with a task timeout extend it. */
    public Builder timeout(Duration timeout) {
      this.timeout = positive(timeout, "timeout");
      return this;
    }

    /** TCP connect timeout (default 10 s); ignored with {@link #httpClient(HttpClient)}. */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = positive(connectTimeout, "connectTimeout");
      return this;
    }

    /** How often an idempotent call (GET, PUT, DELETE) is retried after 429 or 502 (default 2; 0 turns retries off). */
    public Builder maxRetries(int maxRetries) {
      if (maxRetries < 0) throw new IllegalArgumentException("maxRetries must be 0 or more");
      this.maxRetries = maxRetries;
      return this;
    }

    /** First backoff without a Retry-After header (default 250 ms, doubling each retry, plus jitter). */
    public Builder retryBaseDelay(Duration retryBaseDelay) {
      this.retryBaseDelay = Objects.requireNonNull(retryBaseDelay, "retryBaseDelay");
      return this;
    }

    /** The longest wait between attempts, also for a larger Retry-After (default 30 s). */
    public Builder maxRetryDelay(Duration maxRetryDelay) {
      this.maxRetryDelay = Objects.requireNonNull(maxRetryDelay, "maxRetryDelay");
      return this;
    }

    /** How to wait between retries (tests record the waits instead of sleeping). */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /** A preconfigured JDK client (proxy, TLS); the client's own timeouts still apply per request. */
    public Builder httpClient(HttpClient httpClient) {
      this.httpClient = httpClient;
      return this;
    }

    public PatchbayClient build() {
      if (baseUrl == null) throw new IllegalStateException("set baseUrl, e.g. builder().baseUrl(\"http://127.0.0.1:7300\")");
      return new PatchbayClient(this);
    }

    /** Never shows the token. */
    @Override
    public String toString() {
      return "PatchbayClient.Builder[baseUrl=" + baseUrl + ", token=" + (token == null ? "null" : "***") + "]";
    }

    private static Duration positive(Duration value, String name) {
      if (value == null || value.isNegative() || value.isZero()) throw new IllegalArgumentException(name + " must be positive");
      return value;
    }
  }
}
