package dev.patchbay.sdk.model;

import java.util.Map;

/**
 * Merged inputs of a connection; {@code sources.get(field)} is {@code connection}, {@code secret},
 * {@code vault:<path>#<key>@<version>} or {@code override}. Secrets are masked unless revealed.
 */
public record Resolution(String tag, String type, Map<String, Object> inputs, Map<String, String> sources) {}
