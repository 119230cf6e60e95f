package dev.patchbay.sdk.model;

import java.util.List;
import java.util.Map;

/**
 * A registered connection type and the JSON Schema of its inputs. {@code shortName} is what a sentence
 * calls it ("AWS"); {@code setupSteps} (cloud types; empty for task types) are what to do on the
 * provider's side, one text a step, in a limited markup: **bold**, `code`, _emphasis_, nothing else.
 */
public record ConnectionType(
    String id,
    ConnectionKind kind,
    String displayName,
    String shortName,
    String description,
    Map<String, Object> inputSchema,
    List<String> defaultScopes,
    List<String> commands,
    List<String> setupSteps) {}
