#!/usr/bin/env sh
# Payara Server 6: configures a running domain for the Activation Server and deploys the WAR at /. Run once per domain:
#
#   payara-config/payara-server-setup.sh PAYARA_HOME [WAR]     (WAR: default target/activation-server.war)
#
# The domain must have been started (bin/asadmin start-domain) with the ASL_* variables of README "Configuration" in
# its environment: the WAR defines its own data source from ASL_DB_* (WEB-INF/glassfish-resources.xml), and the
# application reads every asl.* setting from them. What this script sets stays a ${ENV=...} reference, resolved when
# the domain starts, so a changed setting needs a restart, never this script again (run it again to deploy a new WAR).
# On Payara Server ASL_DB_PASSWORD must not be empty, and files (ASL_VENDOR_PUBLIC_KEY, ASL_TLS_KEYSTORE) need
# absolute paths: the domain runs in its config folder.
# HTTPS: run it with ASL_TLS_KEYSTORE set, and the HTTPS listener (http-listener-2) moves to 8443 and serves that
# PKCS#12 keystore (key alias asl; ASL_TLS_ALIAS for another) with ASL_TLS_KEYSTORE_PASSWORD.
set -eu
[ $# -ge 1 ] || { echo "usage: $0 PAYARA_HOME [WAR]" >&2; exit 2; }
asadmin="$1/bin/asadmin"
war=${2:-$(cd "$(dirname "$0")/.." && pwd)/target/activation-server.war}
[ -x "$asadmin" ] || { echo "$0: no $asadmin" >&2; exit 2; }
[ -r "$war" ] || { echo "$0: cannot read $war (mvn package first)" >&2; exit 2; }

# The application serves /metrics itself (Micrometer); Payara's own metrics service would answer there too.
"$asadmin" set-metrics-configuration --enabled=false

# The server does not name itself to clients: no Server or X-Powered-By header on either listener (docs/DECISIONS.md).
for listener in http-listener-1 http-listener-2; do
  "$asadmin" set "configs.config.server-config.network-config.protocols.protocol.$listener.http.server-header=false"
  "$asadmin" set "configs.config.server-config.network-config.protocols.protocol.$listener.http.xpowered-by=false"
done

if [ -n "${ASL_TLS_KEYSTORE:-}" ]; then
  ssl=configs.config.server-config.network-config.protocols.protocol.http-listener-2.ssl
  "$asadmin" set "configs.config.server-config.network-config.network-listeners.network-listener.http-listener-2.port=${ASL_HTTPS_PORT:-8443}"
  "$asadmin" set "$ssl.key-store=\${ENV=ASL_TLS_KEYSTORE}"
  "$asadmin" set "$ssl.key-store-password=\${ENV=ASL_TLS_KEYSTORE_PASSWORD}"
  "$asadmin" set "$ssl.cert-nickname=${ASL_TLS_ALIAS:-asl}"
  echo "HTTPS: restart the domain (bin/asadmin restart-domain) for the listener to take the keystore."
fi

"$asadmin" deploy --force=true --contextroot / --name activation-server "$war"
