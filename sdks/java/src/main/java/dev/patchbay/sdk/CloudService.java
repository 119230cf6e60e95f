package dev.patchbay.sdk;

import dev.patchbay.sdk.model.Connection;
import dev.patchbay.sdk.model.ConnectionKind;
import dev.patchbay.sdk.model.ConnectionQuery;
import dev.patchbay.sdk.model.CreateCloudConnection;
import dev.patchbay.sdk.model.CreateConnection;
import dev.patchbay.sdk.model.UpdateCloudConnection;
import dev.patchbay.sdk.model.UpdateConnection;
import dev.patchbay.sdk.model.Validation;
import java.util.Locale;
import java.util.Map;

/**
 * {@code client.cloudService()}: the Ductape-style cloud lifecycle (SPEC 4) create → complete →
 * validate → fetch/list → update → delete, on the same connections as {@link ConnectionsService}.
 *
 * <pre>{@code
 * Connection aws = client.cloudService().createConnection(CreateCloudConnection.of("aws", "prod_aws"));
 * client.cloudService().completeConnection(aws.tag(), Map.of("role_arn", roleArn));
 * Validation result = client.cloudService().validateConnection(aws.tag());
 * }</pre>
 */
public final class CloudService {
  private final ConnectionsService connections;

  CloudService(ConnectionsService connections) {
    this.connections = connections;
  }

  /** The tag a cloud connection named {@code name} gets: {@code "Prod AWS"} → {@code prod_aws}. */
  public static String cloudTag(String name) {
    return name.trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "_");
  }

  /** Creates a pending connection; for aws its {@code setup} has the external id and trust policy. */
  public Connection createConnection(CreateCloudConnection input) {
    CreateConnection create = CreateConnection.of(cloudTag(input.name()), input.provider())
        .withDisplayName(input.displayName() != null ? input.displayName() : input.name())
        .withDescription(input.description())
        .withScopes(input.scopes());
    return connections.create(create);
  }

  /** Sets the credentials ({@code role_arn}, {@code project_id} + {@code service_account_json} …). */
  public Connection completeConnection(String cloudTag, Map<String, Object> input) {
    return connections.credentials(cloudTag, input);
  }

  /** Tests the credentials against the provider and activates the connection. */
  public Validation validateConnection(String cloudTag) {
    return connections.validate(cloudTag);
  }

  /** Fetches one cloud connection. */
  public Connection fetchConnection(String cloudTag) {
    return connections.get(cloudTag);
  }

  /** Every cloud connection, paged. */
  public Pager<Connection> listConnections() {
    return listConnections(null, null);
  }

  /** Cloud connections of one provider (null: all), {@code limit} per page. */
  public Pager<Connection> listConnections(String provider, Integer limit) {
    return connections.list(ConnectionQuery.all().withKind(ConnectionKind.CLOUD).withType(provider).withLimit(limit));
  }

  /** Display name, description, scopes; the status is kept. */
  public Connection updateConnection(String cloudTag, UpdateCloudConnection input) {
    UpdateConnection patch = new UpdateConnection(input.displayName(), input.description(), input.scopes(), null);
    return connections.update(cloudTag, patch);
  }

  /** Deletes; 409 connection_in_use while components are linked. */
  public void deleteConnection(String cloudTag) {
    connections.delete(cloudTag, false);
  }

  /** Deletes; {@code force} unlinks the components first. */
  public void deleteConnection(String cloudTag, boolean force) {
    connections.delete(cloudTag, force);
  }
}
