package dev.patchbay.sdk.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The scenario matchers must be able to fail, or the scenario suite proves nothing. */
class ExpectationsTest {
  private final ObjectMapper json = new ObjectMapper();

  private JsonNode j(String text) throws Exception {
    return json.readTree(text.replace('\'', '"'));
  }

  @Test
  void partialDeepMatchChecksEveryGivenKeyAndArraysByLength() throws Exception {
    JsonNode actual = j("{'tag':'a','n':2,'items':[{'id':1,'x':true},{'id':2}],'nested':{'k':'v','extra':1}}");
    assertTrue(Expectations.matches(j("{'tag':'a','nested':{'k':'v'},'items':[{'id':1},{'id':2.0}]}"), actual));
    assertFalse(Expectations.matches(j("{'tag':'b'}"), actual));
    assertFalse(Expectations.matches(j("{'items':[{'id':1}]}"), actual), "arrays match by length");
    assertFalse(Expectations.matches(j("{'nested':{'k':'w'}}"), actual));
    assertFalse(Expectations.matches(j("{'missing':1}"), actual));
  }

  @Test
  void matchersAcceptAndRefuse() throws Exception {
    JsonNode actual = j("{'s':'pb-abc','list':[{'name':'a','ok':true},{'name':'b','ok':false}],'none':null}");
    assertTrue(Expectations.matches(j("{'s':{'$regex':'^pb-'},'list':{'$len':2},'none':{'$exists':false}}"), actual));
    assertTrue(Expectations.matches(j("{'list':{'$contains':{'name':'b','ok':false}},'s':{'$ne':'x'},'gone':null}"), actual));
    assertTrue(Expectations.matches(j("{'list':{'$len_gte':2},'s':{'$exists':true}}"), actual));
    assertFalse(Expectations.matches(j("{'s':{'$regex':'^x'}}"), actual));
    assertFalse(Expectations.matches(j("{'list':{'$len':3}}"), actual));
    assertFalse(Expectations.matches(j("{'list':{'$len_gte':3}}"), actual));
    assertFalse(Expectations.matches(j("{'list':{'$contains':{'name':'c'}}}"), actual));
    assertFalse(Expectations.matches(j("{'s':{'$ne':'pb-abc'}}"), actual));
    assertFalse(Expectations.matches(j("{'none':{'$exists':true}}"), actual));
    assertFalse(Expectations.matches(j("{'s':{'$exists':false}}"), actual));
  }

  @Test
  void substitutionKeepsTheTypeOfAWholeVariable() throws Exception {
    Map<String, JsonNode> vars = Map.of("port", JsonNodeFactory.instance.numberNode(5432),
        "host", JsonNodeFactory.instance.textNode("127.0.0.1"));
    JsonNode out = Expectations.substitute(j("{'p':'${port}','url':'pg://${host}:${port}/db','list':['${host}']}"), vars::get);
    assertEquals(j("{'p':5432,'url':'pg://127.0.0.1:5432/db','list':['127.0.0.1']}"), out);
  }
}
