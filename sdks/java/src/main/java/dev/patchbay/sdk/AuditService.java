package dev.patchbay.sdk;

import com.fasterxml.jackson.databind.JavaType;
import dev.patchbay.sdk.model.AuditEvent;
import dev.patchbay.sdk.model.AuditVerification;
import dev.patchbay.sdk.model.Page;

/** {@code client.auditService()}: the workspace's audit events, newest first (admin), and the chain check. */
public final class AuditService {
  private final Transport transport;
  private final JavaType pageType;

  AuditService(Transport transport) {
    this.transport = transport;
    this.pageType = transport.mapper().getTypeFactory().constructParametricType(Page.class, AuditEvent.class);
  }

  /** Every event. */
  public Pager<AuditEvent> list() {
    return list(null, null, null);
  }

  /** Events of one tag and/or action (null: any), {@code limit} per page. */
  public Pager<AuditEvent> list(String tag, String action, Integer limit) {
    return new Pager<>(cursor -> {
      Call call = Call.of("GET", "/v1/audit").query("tag", tag).query("action", action)
          .query("limit", limit).query("cursor", cursor);
      return transport.send(call, pageType);
    });
  }

  /** Verifies the hash chain of the audit log. */
  public AuditVerification verify() {
    return transport.send(Call.of("GET", "/v1/audit/verify"), AuditVerification.class);
  }
}
