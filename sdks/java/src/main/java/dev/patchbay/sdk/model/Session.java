package dev.patchbay.sdk.model;

/** Who is calling: the token's workspace, id, name, role and reveal right. */
public record Session(String workspace, String tokenId, String tokenName, Role role, Boolean reveal) {}
