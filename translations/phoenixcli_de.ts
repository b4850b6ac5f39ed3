<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>PhoenixCli</name>
    <message>
        <source>No certificate in %1</source>
        <translation>Kein Zertifikat in %1</translation>
    </message>
    <message>
        <source>error: no certificate in %1</source>
        <translation>Fehler: kein Zertifikat in %1</translation>
    </message>
    <message>
        <source>Connected to %1</source>
        <translation>Verbunden mit %1</translation>
    </message>
    <message>
        <source>error: %1</source>
        <translation>Fehler: %1</translation>
    </message>
    <message>
        <source>Disconnected</source>
        <translation>Verbindung getrennt</translation>
    </message>
    <message>
        <source>Reconnecting in %1 ms (attempt %2)</source>
        <translation>Neuer Verbindungsversuch in %1 ms (Versuch %2)</translation>
    </message>
    <message>
        <source>No connection within %1 ms</source>
        <translation>Keine Verbindung innerhalb von %1 ms</translation>
    </message>
    <message>
        <source>error: no connection within %1 ms</source>
        <translation>Fehler: keine Verbindung innerhalb von %1 ms</translation>
    </message>
    <message>
        <source>[%1] %2: %3 bytes (base64 %4)</source>
        <translation>[%1] %2: %3 Bytes (Base64 %4)</translation>
    </message>
    <message>
        <source>[%1] channel error: %2</source>
        <translation>[%1] Channel-Fehler: %2</translation>
    </message>
    <message>
        <source>[%1] closed</source>
        <translation>[%1] geschlossen</translation>
    </message>
    <message>
        <source>[%1] %2 joined</source>
        <translation>[%1] %2 ist da</translation>
    </message>
    <message>
        <source>[%1] %2 left</source>
        <translation>[%1] %2 ist gegangen</translation>
    </message>
    <message>
        <source>[%1] online: %2</source>
        <translation>[%1] online: %2</translation>
    </message>
    <message>
        <source>nobody</source>
        <translation>niemand</translation>
    </message>
    <message>
        <source>[%1] joined: %2</source>
        <translation>[%1] beigetreten: %2</translation>
    </message>
    <message>
        <source>[%1] join refused (%2): %3</source>
        <translation>[%1] Beitritt abgelehnt (%2): %3</translation>
    </message>
    <message>
        <source>[%1] join timed out after %2 ms</source>
        <translation>[%1] Beitritt nach %2 ms ohne Antwort abgebrochen</translation>
    </message>
    <message>
        <source>No joined topic to push to</source>
        <translation>Kein beigetretenes Topic zum Senden</translation>
    </message>
    <message>
        <source>error: push %1: no joined topic to push to</source>
        <translation>Fehler: push %1: kein beigetretenes Topic zum Senden</translation>
    </message>
    <message>
        <source>[%1] reply to %2 (ref %3): %4 %5</source>
        <translation>[%1] Antwort auf %2 (Ref %3): %4 %5</translation>
    </message>
    <message>
        <source>[%1] no reply to %2 (ref %3) within %4 ms</source>
        <translation>[%1] keine Antwort auf %2 (Ref %3) innerhalb von %4 ms</translation>
    </message>
    <message>
        <source>[%1] push %2 failed: %3</source>
        <translation>[%1] push %2 fehlgeschlagen: %3</translation>
    </message>
    <message>
        <source>Cannot read standard input</source>
        <translation>Standardeingabe nicht lesbar</translation>
    </message>
    <message>
        <source>error: cannot read standard input</source>
        <translation>Fehler: Standardeingabe nicht lesbar</translation>
    </message>
    <message>
        <source>Not a JSON object: %1</source>
        <translation>Kein JSON-Objekt: %1</translation>
    </message>
    <message>
        <source>error: not a JSON object: %1</source>
        <translation>Fehler: kein JSON-Objekt: %1</translation>
    </message>
    <message>
        <source>join: a topic is missing, e.g. join room:lobby</source>
        <translation>join: das Topic fehlt, z. B. join room:lobby</translation>
    </message>
    <message>
        <source>push: an event is missing, e.g. push new_msg &apos;{&quot;body&quot;:&quot;hi&quot;}&apos;</source>
        <translation>push: das Event fehlt, z. B. push new_msg &apos;{&quot;body&quot;:&quot;hi&quot;}&apos;</translation>
    </message>
    <message>
        <source>push %1: join a topic first</source>
        <translation>push %1: zuerst einem Topic beitreten (join)</translation>
    </message>
    <message>
        <source>listen: not a duration in seconds: %1</source>
        <translation>listen: keine Dauer in Sekunden: %1</translation>
    </message>
    <message>
        <source>Unknown command: %1 (commands: join, push, leave, listen)</source>
        <translation>Unbekannter Befehl: %1 (Befehle: join, push, leave, listen)</translation>
    </message>
    <message>
        <source>A terminal client for Phoenix Channels servers, on PhoenixQt.

Commands, run in order once connected:
  join TOPIC [PARAMS]   join a topic, PARAMS a JSON object
  push EVENT [PAYLOAD]  push to the last joined topic, PAYLOAD a JSON object,
                        or - for one JSON object per line of standard input
  leave                 leave the last joined topic
  listen [SECONDS]      print what arrives, for SECONDS or until interrupted

Without listen it exits once every reply arrived. Exit codes: 0 ok, 2 usage,
3 connection refused or failed, 4 join error, 5 push error, 6 timeout,
7 connection lost, 130 interrupted.

Example:
  phoenix-cli ws://localhost:4000/socket --param user=ada \
      join room:lobby push echo &apos;{&quot;a&quot;:1}&apos; listen</source>
        <translation>Ein Terminal-Client für Phoenix-Channels-Server, mit PhoenixQt.

Befehle, der Reihe nach ausgeführt, sobald die Verbindung steht:
  join TOPIC [PARAMS]   einem Topic beitreten, PARAMS ein JSON-Objekt
  push EVENT [PAYLOAD]  an das zuletzt beigetretene Topic senden, PAYLOAD ein
                        JSON-Objekt oder - für ein JSON-Objekt je Zeile der Standardeingabe
  leave                 das zuletzt beigetretene Topic verlassen
  listen [SEKUNDEN]     ausgeben, was ankommt, SEKUNDEN lang oder bis zur Unterbrechung

Ohne listen endet es, sobald alle Antworten da sind. Exit-Codes: 0 ok, 2 Aufruf,
3 Verbindung abgelehnt oder fehlgeschlagen, 4 Join-Fehler, 5 Push-Fehler,
6 Zeitüberschreitung, 7 Verbindung verloren, 130 unterbrochen.

Beispiel:
  phoenix-cli ws://localhost:4000/socket --param user=ada \
      join room:lobby push echo &apos;{&quot;a&quot;:1}&apos; listen</translation>
    </message>
    <message>
        <source>Connect parameter (repeatable).</source>
        <translation>Verbindungsparameter (wiederholbar).</translation>
    </message>
    <message>
        <source>key=value</source>
        <translation>name=wert</translation>
    </message>
    <message>
        <source>Connect parameters as a JSON object.</source>
        <translation>Verbindungsparameter als JSON-Objekt.</translation>
    </message>
    <message>
        <source>json</source>
        <translation>json</translation>
    </message>
    <message>
        <source>Auth token, sent in the Sec-WebSocket-Protocol header (Phoenix 1.8 auth_token); default: $PHOENIX_TOKEN.</source>
        <translation>Auth-Token, gesendet im Header Sec-WebSocket-Protocol (Phoenix 1.8 auth_token); Vorgabe: $PHOENIX_TOKEN.</translation>
    </message>
    <message>
        <source>token</source>
        <translation>token</translation>
    </message>
    <message>
        <source>Extra HTTP header of the upgrade request (repeatable).</source>
        <translation>Zusätzlicher HTTP-Header der Upgrade-Anfrage (wiederholbar).</translation>
    </message>
    <message>
        <source>name: value</source>
        <translation>name: wert</translation>
    </message>
    <message>
        <source>Protocol version: 2 (vsn 2.0.0, default) or 1 (vsn 1.0.0, JSON objects).</source>
        <translation>Protokollversion: 2 (vsn 2.0.0, Vorgabe) oder 1 (vsn 1.0.0, JSON-Objekte).</translation>
    </message>
    <message>
        <source>1|2</source>
        <translation>1|2</translation>
    </message>
    <message>
        <source>Timeout of the connect, joins and pushes (default 10000).</source>
        <translation>Zeitlimit für Verbindung, Joins und Pushes (Vorgabe 10000).</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>ms</translation>
    </message>
    <message>
        <source>Heartbeat interval (default 30000, 0 = none).</source>
        <translation>Heartbeat-Intervall (Vorgabe 30000, 0 = keiner).</translation>
    </message>
    <message>
        <source>Reconnect and rejoin after a lost connection instead of exiting.</source>
        <translation>Nach Verbindungsverlust neu verbinden und wieder beitreten, statt zu beenden.</translation>
    </message>
    <message>
        <source>Print presence_state/presence_diff as plain messages.</source>
        <translation>presence_state/presence_diff als gewöhnliche Nachrichten ausgeben.</translation>
    </message>
    <message>
        <source>Output: text (default) or json (one object per line).</source>
        <translation>Ausgabe: text (Vorgabe) oder json (ein Objekt je Zeile).</translation>
    </message>
    <message>
        <source>text|json</source>
        <translation>text|json</translation>
    </message>
    <message>
        <source>Same as --format json.</source>
        <translation>Wie --format json.</translation>
    </message>
    <message>
        <source>Trust the CA certificates in this PEM file (wss).</source>
        <translation>Den CA-Zertifikaten in dieser PEM-Datei vertrauen (wss).</translation>
    </message>
    <message>
        <source>file</source>
        <translation>datei</translation>
    </message>
    <message>
        <source>Client certificate, PEM (wss).</source>
        <translation>Client-Zertifikat, PEM (wss).</translation>
    </message>
    <message>
        <source>Private key of --cert, PEM, unencrypted (wss).</source>
        <translation>Privater Schlüssel zu --cert, PEM, unverschlüsselt (wss).</translation>
    </message>
    <message>
        <source>Do not verify the server&apos;s certificate (wss).</source>
        <translation>Das Zertifikat des Servers nicht prüfen (wss).</translation>
    </message>
    <message>
        <source>Log the library&apos;s debug output to stderr.</source>
        <translation>Die Debug-Ausgaben der Bibliothek auf stderr protokollieren.</translation>
    </message>
    <message>
        <source>Language of the messages, e.g. de or fr.</source>
        <translation>Sprache der Meldungen, z. B. de oder fr.</translation>
    </message>
    <message>
        <source>language</source>
        <translation>sprache</translation>
    </message>
    <message>
        <source>Socket endpoint, e.g. ws://localhost:4000/socket.</source>
        <translation>Socket-Endpunkt, z. B. ws://localhost:4000/socket.</translation>
    </message>
    <message>
        <source>join, push, leave, listen (see above).</source>
        <translation>join, push, leave, listen (siehe oben).</translation>
    </message>
    <message>
        <source>The socket URL is missing (see --help).</source>
        <translation>Die Socket-URL fehlt (siehe --help).</translation>
    </message>
    <message>
        <source>Not a ws://, wss://, http:// or https:// URL: %1</source>
        <translation>Keine ws://-, wss://-, http://- oder https://-URL: %1</translation>
    </message>
    <message>
        <source>--param expects key=value: %1</source>
        <translation>--param erwartet name=wert: %1</translation>
    </message>
    <message>
        <source>--header expects &quot;name: value&quot;: %1</source>
        <translation>--header erwartet &quot;name: wert&quot;: %1</translation>
    </message>
    <message>
        <source>--protocol must be 1 or 2: %1</source>
        <translation>--protocol muss 1 oder 2 sein: %1</translation>
    </message>
    <message>
        <source>--timeout must be a positive number of milliseconds: %1</source>
        <translation>--timeout muss eine positive Zahl von Millisekunden sein: %1</translation>
    </message>
    <message>
        <source>--heartbeat must be a number of milliseconds: %1</source>
        <translation>--heartbeat muss eine Zahl von Millisekunden sein: %1</translation>
    </message>
    <message>
        <source>--format must be text or json: %1</source>
        <translation>--format muss text oder json sein: %1</translation>
    </message>
    <message>
        <source>--cert and --key go together.</source>
        <translation>--cert und --key gehören zusammen.</translation>
    </message>
    <message>
        <source>Accept the server only if one of its public keys has this SHA-256 pin, &quot;sha256/&lt;base64&gt;&quot; (repeatable; wss).</source>
        <translation>Den Server nur annehmen, wenn einer seiner öffentlichen Schlüssel diesen SHA-256-Pin hat, „sha256/&lt;base64&gt;“ (mehrfach möglich; wss).</translation>
    </message>
    <message>
        <source>pin</source>
        <translation>Pin</translation>
    </message>
    <message>
        <source>Connect through this proxy: http://[user[:password]@]host[:port], socks5://..., system (the http_proxy/https_proxy/no_proxy environment), or none; the password may come from $PHOENIX_PROXY_PASSWORD. Default: the system&apos;s settings.</source>
        <translation>Über diesen Proxy verbinden: http://[benutzer[:passwort]@]host[:port], socks5://..., system (die Umgebungsvariablen http_proxy/https_proxy/no_proxy) oder none; das Passwort kann aus $PHOENIX_PROXY_PASSWORD kommen. Vorgabe: die Einstellungen des Systems.</translation>
    </message>
    <message>
        <source>url</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Transport: websocket (default) or longpoll.</source>
        <translation>Transport: websocket (Vorgabe) oder longpoll.</translation>
    </message>
    <message>
        <source>websocket|longpoll</source>
        <translation>websocket|longpoll</translation>
    </message>
    <message>
        <source>--transport must be websocket or longpoll: %1</source>
        <translation>--transport muss websocket oder longpoll sein: %1</translation>
    </message>
    <message>
        <source>--proxy expects http://host:port, socks5://host:port, system or none: %1</source>
        <translation>--proxy erwartet http://host:port, socks5://host:port, system oder none: %1</translation>
    </message>
    <message>
        <source>(unreadable)</source>
        <translation>(unlesbar)</translation>
    </message>
</context>
</TS>
