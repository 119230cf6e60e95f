package dev.patchbay.sdk.model;

/** How Patchbay signs in to Vault: {@code token} (tokenSet) or {@code approle} (roleId, secretIdSet). */
public record VaultAuthInfo(String method, Boolean tokenSet, String roleId, Boolean secretIdSet) {}
