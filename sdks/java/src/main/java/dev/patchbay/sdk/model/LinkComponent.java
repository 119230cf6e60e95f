package dev.patchbay.sdk.model;

import java.util.Map;

/** A component to link to an active cloud connection ({@code cloud} is its tag). */
public record LinkComponent(String name, String kind, String cloud, String resource, Map<String, Object> config) {

  public static LinkComponent of(String name, String kind, String cloud) {
    return new LinkComponent(name, kind, cloud, null, null);
  }

  public LinkComponent withResource(String resource) {
    return new LinkComponent(name, kind, cloud, resource, config);
  }

  public LinkComponent withConfig(Map<String, Object> config) {
    return new LinkComponent(name, kind, cloud, resource, config);
  }
}
