package dev.patchbay.sdk;

import com.fasterxml.jackson.databind.JavaType;
import dev.patchbay.sdk.model.Workspace;
import dev.patchbay.sdk.model.WorkspaceCreated;
import java.util.List;
import java.util.Map;

/** {@code client.workspacesService()}: tenants; only an admin of {@code default} may call these. */
public final class WorkspacesService {
  private final Transport transport;
  private final JavaType itemsType;

  WorkspacesService(Transport transport) {
    this.transport = transport;
    this.itemsType = Items.type(transport, Workspace.class);
  }

  /** Creates a workspace and its first admin token (secret shown once). */
  public WorkspaceCreated create(String name) {
    return transport.send(Call.of("POST", "/v1/workspaces").body(Map.of("name", name)), WorkspaceCreated.class);
  }

  /** Every workspace. */
  public List<Workspace> list() {
    Items<Workspace> items = transport.send(Call.of("GET", "/v1/workspaces"), itemsType);
    return Items.of(items);
  }
}
