package dev.couponfetch.examples;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code oauth}: the OAuth2 commands; for now {@code authorize}. */
@Command(
    name = "oauth",
    description = "OAuth2 tokens for configurations with auth.type OAUTH2.",
    subcommands = {OAuthAuthorizeCommand.class})
final class OAuthCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "Missing command: authorize");
  }
}
