package dev.patchbay.sdk.model;

/** A new workspace and its first admin token (secret shown once). */
public record WorkspaceCreated(Workspace workspace, Token token) {}
