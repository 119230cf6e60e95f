package dev.patchbay.sdk.model;

import java.util.List;
import java.util.Map;

/** A registered connection type and the JSON Schema of its inputs. */
public record ConnectionType(
    String id,
    ConnectionKind kind,
    String displayName,
    String description,
    Map<String, Object> inputSchema,
    List<String> defaultScopes,
    List<String> commands) {}
