<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>PhoenixChannel</name>
    <message>
        <source>Cannot push &quot;%1&quot;: the channel %2 was left or closed.</source>
        <translation>„%1“ kann nicht gesendet werden: Der Kanal %2 wurde verlassen oder geschlossen.</translation>
    </message>
    <message numerus="yes">
        <source>Cannot push &quot;%1&quot;: the send buffer is full (%n message(s)).</source>
        <translation>
            <numerusform>„%1“ kann nicht gesendet werden: Der Sendepuffer ist voll (%n Nachricht).</numerusform>
            <numerusform>„%1“ kann nicht gesendet werden: Der Sendepuffer ist voll (%n Nachrichten).</numerusform>
        </translation>
    </message>
    <message>
        <source>The server reported an error on channel %1 (%2).</source>
        <translation>Der Server hat einen Fehler im Kanal %1 gemeldet (%2).</translation>
    </message>
    <message>
        <source>no reason given</source>
        <translation>kein Grund angegeben</translation>
    </message>
    <message>
        <source>The channel %1 is not joined.</source>
        <translation>Dem Kanal %1 wurde nicht beigetreten.</translation>
    </message>
    <message>
        <source>The server refused to join %1.</source>
        <translation>Der Server hat den Beitritt zu %1 abgelehnt.</translation>
    </message>
    <message>
        <source>The server refused to join %1: %2.</source>
        <translation>Der Server hat den Beitritt zu %1 abgelehnt: %2.</translation>
    </message>
    <message>
        <source>Joining %1 timed out after %2 ms.</source>
        <translation>Der Beitritt zu %1 ist nach %2 ms abgelaufen.</translation>
    </message>
    <message>
        <source>The channel %1 was closed before the message was answered.</source>
        <translation>Der Kanal %1 wurde geschlossen, bevor die Nachricht beantwortet wurde.</translation>
    </message>
    <message>
        <source>The channel %1 was closed before it was joined.</source>
        <translation>Der Kanal %1 wurde geschlossen, bevor ihm beigetreten wurde.</translation>
    </message>
    <message>
        <source>The channel %1 was left before it was joined.</source>
        <translation>Der Kanal %1 wurde verlassen, bevor ihm beigetreten wurde.</translation>
    </message>
</context>
<context>
    <name>PhoenixLongPollTransport</name>
    <message>
        <source>The server at %1 answered the first LongPoll request with status %2 and no session.</source>
        <translation>Der Server unter %1 hat die erste LongPoll-Anfrage mit Status %2 und ohne Sitzung beantwortet.</translation>
    </message>
    <message>
        <source>The server at %1 sent a LongPoll message that is not a string.</source>
        <translation>Der Server unter %1 hat eine LongPoll-Nachricht gesendet, die kein String ist.</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) sent to the server may not have arrived; they are not sent again (pushes among them end with their timeout).</source>
        <translation>
            <numerusform>%n an den Server gesendete Nachricht ist möglicherweise nicht angekommen; sie wird nicht erneut gesendet (ist sie ein Push, endet er mit seinem Timeout).</numerusform>
            <numerusform>%n an den Server gesendete Nachrichten sind möglicherweise nicht angekommen; sie werden nicht erneut gesendet (Pushes darunter enden mit ihrem Timeout).</numerusform>
        </translation>
    </message>
    <message>
        <source>The connection to %1 was lost: %2</source>
        <translation>Die Verbindung zu %1 ist abgebrochen: %2</translation>
    </message>
    <message>
        <source>The server at %1 refused the connection: %2</source>
        <translation>Der Server unter %1 hat die Verbindung abgelehnt: %2</translation>
    </message>
    <message>
        <source>The host of %1 was not found.</source>
        <translation>Der Host von %1 wurde nicht gefunden.</translation>
    </message>
    <message>
        <source>TLS error while connecting to %1: %2</source>
        <translation>TLS-Fehler beim Verbinden mit %1: %2</translation>
    </message>
    <message>
        <source>Network error on %1: %2</source>
        <translation>Netzwerkfehler bei %1: %2</translation>
    </message>
    <message>
        <source>The server at %1 refused the connection (HTTP %2).</source>
        <translation>Der Server unter %1 hat die Verbindung abgelehnt (HTTP %2).</translation>
    </message>
    <message>
        <source>The server at %1 answered HTTP %2.</source>
        <translation>Der Server unter %1 hat mit HTTP %2 geantwortet.</translation>
    </message>
    <message>
        <source>The server at %1 sent an answer that is not LongPoll JSON.</source>
        <translation>Der Server unter %1 hat eine Antwort gesendet, die kein LongPoll-JSON ist.</translation>
    </message>
    <message>
        <source>The server at %1 refused the connection (LongPoll status 403).</source>
        <translation>Der Server unter %1 hat die Verbindung abgelehnt (LongPoll-Status 403).</translation>
    </message>
    <message>
        <source>The LongPoll session at %1 is gone: the server restarted or ended it.</source>
        <translation>Die LongPoll-Sitzung bei %1 besteht nicht mehr: Der Server wurde neu gestartet oder hat sie beendet.</translation>
    </message>
    <message>
        <source>The server at %1 answered with LongPoll status %2.</source>
        <translation>Der Server unter %1 hat mit LongPoll-Status %2 geantwortet.</translation>
    </message>
    <message numerus="yes">
        <source>A LongPoll answer larger than %n byte(s) arrived; the connection was closed.</source>
        <translation>
            <numerusform>Eine LongPoll-Antwort größer als %n Byte ist eingetroffen; die Verbindung wurde geschlossen.</numerusform>
            <numerusform>Eine LongPoll-Antwort größer als %n Bytes ist eingetroffen; die Verbindung wurde geschlossen.</numerusform>
        </translation>
    </message>
    <message>
        <source>A LongPoll request to %1 got no answer within %2 ms.</source>
        <translation>Eine LongPoll-Anfrage an %1 hat innerhalb von %2 ms keine Antwort erhalten.</translation>
    </message>
    <message>
        <source>The URL &quot;%1&quot; cannot be used for LongPoll: it needs an http(s):// or ws(s):// URL with a host.</source>
        <translation>Die URL „%1“ kann für LongPoll nicht verwendet werden: Nötig ist eine http(s)://- oder ws(s)://-URL mit Host.</translation>
    </message>
    <message>
        <source>The auth token cannot be sent to %1: it contains a line break or a NUL character, which an HTTP header cannot carry. Nothing was sent.</source>
        <translation>Das Auth-Token kann nicht an %1 gesendet werden: Es enthält einen Zeilenumbruch oder ein NUL-Zeichen, die ein HTTP-Header nicht tragen kann. Es wurde nichts gesendet.</translation>
    </message>
</context>
<context>
    <name>PhoenixOutbox</name>
    <message>
        <source>The channel was deleted before the server answered.</source>
        <translation>Der Kanal wurde gelöscht, bevor der Server geantwortet hat.</translation>
    </message>
    <message>
        <source>The server has no channel for %1 (unmatched topic).</source>
        <translation>Der Server hat keinen Kanal für %1 (unmatched topic).</translation>
    </message>
    <message>
        <source>The channel %1 was no longer joined before the server answered.</source>
        <translation>Der Kanal %1 war nicht mehr beigetreten, bevor der Server geantwortet hat.</translation>
    </message>
    <message>
        <source>The socket was deleted before the server answered.</source>
        <translation>Der Socket wurde gelöscht, bevor der Server geantwortet hat.</translation>
    </message>
    <message>
        <source>The outbox keeps its entries in memory only: those not delivered are lost if the application ends.</source>
        <translation>Der Postausgang hält seine Einträge nur noch im Speicher: Nicht zugestellte gehen verloren, wenn die Anwendung endet.</translation>
    </message>
    <message>
        <source>An outbox entry needs a topic and an event.</source>
        <translation>Ein Eintrag im Postausgang braucht ein Topic und ein Event.</translation>
    </message>
    <message>
        <source>The event %1 is reserved by Phoenix and cannot go through the outbox.</source>
        <translation>Das Event %1 ist von Phoenix reserviert und kann nicht über den Postausgang gesendet werden.</translation>
    </message>
    <message>
        <source>The payload already has the field %1, which carries the outbox&apos;s idempotency key.</source>
        <translation>Die Nutzdaten haben bereits das Feld %1, das den Idempotenzschlüssel des Postausgangs trägt.</translation>
    </message>
    <message>
        <source>The outbox is full: the entry (%1 bytes) would exceed its limit of %2 bytes.</source>
        <translation>Der Postausgang ist voll: Der Eintrag (%1 Bytes) würde seine Grenze von %2 Bytes überschreiten.</translation>
    </message>
    <message>
        <source>The payload of an outbox entry must be a JSON object (%1 on %2 has a %3).</source>
        <translation>Die Nutzdaten eines Eintrags im Postausgang müssen ein JSON-Objekt sein (%1 auf %2 hat: %3).</translation>
    </message>
    <message>
        <source>The outbox cannot send the binary payload of %1 on %2: a binary message has no field for the idempotency key. Send it as text in a JSON payload instead.</source>
        <translation>Der Postausgang kann die binären Nutzdaten von %1 auf %2 nicht senden: Eine Binärnachricht hat kein Feld für den Idempotenzschlüssel. Senden Sie sie stattdessen als Text in JSON-Nutzdaten.</translation>
    </message>
    <message>
        <source>The outbox database %1 is in use by another outbox or process.</source>
        <translation>Die Postausgang-Datenbank %1 wird von einem anderen Postausgang oder Prozess verwendet.</translation>
    </message>
    <message>
        <source>The outbox database %1 is damaged (%2).</source>
        <translation>Die Postausgang-Datenbank %1 ist beschädigt (%2).</translation>
    </message>
    <message>
        <source>The outbox database %1 cannot be written (%2).</source>
        <translation>In die Postausgang-Datenbank %1 kann nicht geschrieben werden (%2).</translation>
    </message>
    <message>
        <source>The disk of the outbox database %1 is full.</source>
        <translation>Der Datenträger der Postausgang-Datenbank %1 ist voll.</translation>
    </message>
    <message>
        <source>The outbox database %1 cannot be opened (%2).</source>
        <translation>Die Postausgang-Datenbank %1 kann nicht geöffnet werden (%2).</translation>
    </message>
    <message>
        <source>The outbox database %1 failed (%2).</source>
        <translation>Die Postausgang-Datenbank %1 hat einen Fehler gemeldet (%2).</translation>
    </message>
    <message>
        <source>The SQLite driver of Qt SQL is not installed (Debian: libqt6sql6-sqlite); the outbox database %1 cannot be used.</source>
        <translation>Der SQLite-Treiber von Qt SQL ist nicht installiert (Debian: libqt6sql6-sqlite); die Postausgang-Datenbank %1 kann nicht verwendet werden.</translation>
    </message>
    <message>
        <source>The folder of the outbox database %1 cannot be created.</source>
        <translation>Der Ordner der Postausgang-Datenbank %1 kann nicht angelegt werden.</translation>
    </message>
    <message>
        <source>The file %1 is not an outbox database (it belongs to another application); it is left untouched.</source>
        <translation>Die Datei %1 ist keine Postausgang-Datenbank (sie gehört einer anderen Anwendung); sie bleibt unverändert.</translation>
    </message>
    <message>
        <source>The outbox database %1 was written by a newer version of PhoenixQt (schema %2; this version reads schema %3 and older).</source>
        <translation>Die Postausgang-Datenbank %1 wurde von einer neueren Version von PhoenixQt geschrieben (Schema %2; diese Version liest Schema %3 und älter).</translation>
    </message>
    <message>
        <source>schema version %1</source>
        <translation>Schemaversion %1</translation>
    </message>
    <message>
        <source>the table of entries is missing or changed</source>
        <translation>die Tabelle der Einträge fehlt oder wurde verändert</translation>
    </message>
    <message>
        <source>entry %1: %2</source>
        <translation>Eintrag %1: %2</translation>
    </message>
    <message>
        <source>bad sequence number</source>
        <translation>ungültige Folgenummer</translation>
    </message>
    <message>
        <source>bad key</source>
        <translation>ungültiger Schlüssel</translation>
    </message>
    <message>
        <source>duplicate key</source>
        <translation>doppelter Schlüssel</translation>
    </message>
    <message>
        <source>bad topic</source>
        <translation>ungültiges Topic</translation>
    </message>
    <message>
        <source>bad event</source>
        <translation>ungültiges Event</translation>
    </message>
    <message>
        <source>bad payload</source>
        <translation>ungültige Nutzdaten</translation>
    </message>
    <message>
        <source>bad creation time</source>
        <translation>ungültige Erstellungszeit</translation>
    </message>
    <message>
        <source>bad attempt count</source>
        <translation>ungültige Anzahl Versuche</translation>
    </message>
    <message>
        <source>bad last error</source>
        <translation>ungültiger letzter Fehler</translation>
    </message>
</context>
<context>
    <name>PhoenixPush</name>
    <message>
        <source>Cannot send &quot;%1&quot;: the send buffer is full.</source>
        <translation>„%1“ kann nicht gesendet werden: Der Sendepuffer ist voll.</translation>
    </message>
    <message>
        <source>Cannot send &quot;%1&quot;: %2</source>
        <translation>„%1“ kann nicht gesendet werden: %2</translation>
    </message>
    <message>
        <source>The server refused &quot;%1&quot;: %2</source>
        <translation>Der Server hat „%1“ abgelehnt: %2</translation>
    </message>
    <message>
        <source>No reply to &quot;%1&quot; on %2 within %3 ms.</source>
        <translation>Keine Antwort auf „%1“ in %2 innerhalb von %3 ms.</translation>
    </message>
    <message>
        <source>Could not send &quot;%1&quot; on %2 within %3 ms.</source>
        <translation>„%1“ konnte in %2 nicht innerhalb von %3 ms gesendet werden.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; was deleted before it finished (with its channel or socket).</source>
        <translation>„%1“ wurde gelöscht, bevor es abgeschlossen war (mit seinem Kanal oder Socket).</translation>
    </message>
    <message>
        <source>&quot;%1&quot; was abandoned before it was answered.</source>
        <translation>„%1“ wurde aufgegeben, bevor eine Antwort kam.</translation>
    </message>
</context>
<context>
    <name>PhoenixQmlChannel</name>
    <message>
        <source>Cannot send &quot;%1&quot;: the channel has no topic.</source>
        <translation>„%1“ kann nicht gesendet werden: Der Kanal hat kein Topic.</translation>
    </message>
    <message>
        <source>Cannot send &quot;%1&quot;: the channel %2 is not active.</source>
        <translation>„%1“ kann nicht gesendet werden: Der Kanal %2 ist nicht aktiv.</translation>
    </message>
    <message>
        <source>The payload of &quot;%1&quot; must be a JavaScript object.</source>
        <translation>Die Nutzdaten von „%1“ müssen ein JavaScript-Objekt sein.</translation>
    </message>
</context>
<context>
    <name>PhoenixQmlPush</name>
    <message>
        <source>The channel was closed before the server answered.</source>
        <translation>Der Kanal wurde geschlossen, bevor der Server geantwortet hat.</translation>
    </message>
</context>
<context>
    <name>PhoenixQmlSocket</name>
    <message>
        <source>(unreadable)</source>
        <translation>(unlesbar)</translation>
    </message>
    <message>
        <source>PhoenixSocket.proxy: not a proxy (http://host:port, socks5://host:port, system or none): %1. Using the application proxy.</source>
        <translation>PhoenixSocket.proxy: kein Proxy (http://host:port, socks5://host:port, system oder none): %1. Der Proxy der Anwendung wird verwendet.</translation>
    </message>
</context>
<context>
    <name>PhoenixQmlTls</name>
    <message>
        <source>PhoenixSocket.tls.caCertificates: no PEM certificate in %1.</source>
        <translation>PhoenixSocket.tls.caCertificates: kein PEM-Zertifikat in %1.</translation>
    </message>
    <message>
        <source>PhoenixSocket.tls: clientCertificate and clientKey go together.</source>
        <translation>PhoenixSocket.tls: clientCertificate und clientKey gehören zusammen.</translation>
    </message>
</context>
<context>
    <name>PhoenixSerializer</name>
    <message>
        <source>A binary message field is longer than 255 bytes.</source>
        <translation>Ein Feld der Binärnachricht ist länger als 255 Bytes.</translation>
    </message>
    <message>
        <source>The frame is not valid JSON: %1.</source>
        <translation>Der Frame ist kein gültiges JSON: %1.</translation>
    </message>
    <message>
        <source>The frame is not a JSON array.</source>
        <translation>Der Frame ist kein JSON-Array.</translation>
    </message>
    <message numerus="yes">
        <source>The frame has %n element(s) instead of 5.</source>
        <translation>
            <numerusform>Der Frame hat %n Element statt 5.</numerusform>
            <numerusform>Der Frame hat %n Elemente statt 5.</numerusform>
        </translation>
    </message>
    <message>
        <source>The frame has fields of the wrong type.</source>
        <translation>Der Frame hat Felder mit falschem Typ.</translation>
    </message>
    <message>
        <source>The binary frame is truncated.</source>
        <translation>Der binäre Frame ist abgeschnitten.</translation>
    </message>
    <message>
        <source>Unknown binary frame kind %1.</source>
        <translation>Unbekannte Art von binärem Frame: %1.</translation>
    </message>
    <message>
        <source>The binary frame has an empty topic or event.</source>
        <translation>Der binäre Frame hat ein leeres Topic oder Ereignis.</translation>
    </message>
    <message>
        <source>Protocol 1.0.0 has no binary messages.</source>
        <translation>Protokoll 1.0.0 kennt keine Binärnachrichten.</translation>
    </message>
    <message>
        <source>The frame is not a JSON object.</source>
        <translation>Der Frame ist kein JSON-Objekt.</translation>
    </message>
    <message>
        <source>The payload is not a valid JSON object.</source>
        <translation>Die Nutzdaten sind kein gültiges JSON-Objekt.</translation>
    </message>
    <message>
        <source>The binary frame has a field that is not valid UTF-8.</source>
        <translation>Der Binär-Frame hat ein Feld, das kein gültiges UTF-8 ist.</translation>
    </message>
</context>
<context>
    <name>PhoenixSocket</name>
    <message>
        <source>The connection to %1 was closed (code %2).</source>
        <translation>Die Verbindung zu %1 wurde geschlossen (Code %2).</translation>
    </message>
    <message>
        <source>The connection to %1 was closed (code %2: %3).</source>
        <translation>Die Verbindung zu %1 wurde geschlossen (Code %2: %3).</translation>
    </message>
    <message>
        <source>The connection to the server was lost.</source>
        <translation>Die Verbindung zum Server ist abgebrochen.</translation>
    </message>
    <message>
        <source>The server at %1 did not answer the heartbeat in time.</source>
        <translation>Der Server unter %1 hat nicht rechtzeitig auf den Heartbeat geantwortet.</translation>
    </message>
    <message>
        <source>Dropped a malformed message: %1</source>
        <translation>Fehlerhafte Nachricht verworfen: %1</translation>
    </message>
    <message numerus="yes">
        <source>The send buffer is full (%n message(s)); a message was not sent.</source>
        <translation>
            <numerusform>Der Sendepuffer ist voll (%n Nachricht); eine Nachricht wurde nicht gesendet.</numerusform>
            <numerusform>Der Sendepuffer ist voll (%n Nachrichten); eine Nachricht wurde nicht gesendet.</numerusform>
        </translation>
    </message>
    <message>
        <source>A message could not be encoded: %1</source>
        <translation>Eine Nachricht konnte nicht kodiert werden: %1</translation>
    </message>
    <message>
        <source>The connection to %1 closed before it opened.</source>
        <translation>Die Verbindung zu %1 wurde geschlossen, bevor sie geöffnet war.</translation>
    </message>
    <message>
        <source>Connecting to %1 timed out after %2 ms.</source>
        <translation>Der Verbindungsaufbau zu %1 ist nach %2 ms abgelaufen.</translation>
    </message>
    <message>
        <source>No PEM certificate in %1.</source>
        <translation>Kein PEM-Zertifikat in %1.</translation>
    </message>
    <message>
        <source>Cannot read the key file %1: %2</source>
        <translation>Die Schlüsseldatei %1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>No RSA or EC private key in %1 (or a wrong pass phrase).</source>
        <translation>Kein privater RSA- oder EC-Schlüssel in %1 (oder eine falsche Passphrase).</translation>
    </message>
</context>
<context>
    <name>PhoenixTransport</name>
    <message>
        <source>The certificate chain of %1 matches none of the public-key pins: the connection was closed before anything was sent.</source>
        <translation>Die Zertifikatskette von %1 passt zu keinem der Public-Key-Pins: Die Verbindung wurde geschlossen, bevor etwas gesendet wurde.</translation>
    </message>
    <message>
        <source>The server at %1 requires a client certificate, and none was sent.</source>
        <translation>Der Server unter %1 verlangt ein Client-Zertifikat, und es wurde keines gesendet.</translation>
    </message>
    <message>
        <source>The server at %1 refused the client certificate (TLS alert: %2).</source>
        <translation>Der Server unter %1 hat das Client-Zertifikat abgelehnt (TLS-Alarm: %2).</translation>
    </message>
    <message>
        <source>The proxy %1 asked for credentials to reach %2 and refused the ones given (or none were given).</source>
        <translation>Der Proxy %1 verlangte Zugangsdaten für %2 und hat die angegebenen abgelehnt (oder es wurden keine angegeben).</translation>
    </message>
    <message>
        <source>The proxy %1 did not connect to %2: %3</source>
        <translation>Der Proxy %1 hat keine Verbindung zu %2 hergestellt: %3</translation>
    </message>
    <message>
        <source>Public-key pins are set, but %1 does not use TLS (wss:// or https://). Nothing was sent.</source>
        <translation>Public-Key-Pins sind gesetzt, aber %1 verwendet kein TLS (wss:// oder https://). Es wurde nichts gesendet.</translation>
    </message>
    <message>
        <source>no proxy</source>
        <translation>kein Proxy</translation>
    </message>
    <message>
        <source>the application proxy</source>
        <translation>der Proxy der Anwendung</translation>
    </message>
    <message>
        <source>Public-key pins cannot be checked on this Qt version&apos;s WebSocket; nothing was sent to %1.</source>
        <translation>Public-Key-Pins können mit dem WebSocket dieser Qt-Version nicht geprüft werden; an %1 wurde nichts gesendet.</translation>
    </message>
</context>
<context>
    <name>PhoenixWebSocketTransport</name>
    <message>
        <source>The server at %1 refused the connection: %2</source>
        <translation>Der Server unter %1 hat die Verbindung abgelehnt: %2</translation>
    </message>
    <message>
        <source>The host of %1 was not found.</source>
        <translation>Der Host von %1 wurde nicht gefunden.</translation>
    </message>
    <message>
        <source>The server at %1 closed the connection.</source>
        <translation>Der Server unter %1 hat die Verbindung geschlossen.</translation>
    </message>
    <message>
        <source>TLS error while connecting to %1: %2</source>
        <translation>TLS-Fehler beim Verbinden mit %1: %2</translation>
    </message>
    <message>
        <source>Network error on %1: %2</source>
        <translation>Netzwerkfehler bei %1: %2</translation>
    </message>
    <message numerus="yes">
        <source>A message larger than %n byte(s) arrived; the connection was closed.</source>
        <translation>
            <numerusform>Eine Nachricht größer als %n Byte ist angekommen; die Verbindung wurde geschlossen.</numerusform>
            <numerusform>Eine Nachricht größer als %n Bytes ist angekommen; die Verbindung wurde geschlossen.</numerusform>
        </translation>
    </message>
    <message>
        <source>The URL &quot;%1&quot; is not a valid ws:// or wss:// URL.</source>
        <translation>Die URL „%1“ ist keine gültige ws://- oder wss://-URL.</translation>
    </message>
    <message>
        <source>The auth token cannot be sent to %1: its base64 form contains &quot;/&quot;, which a WebSocket subprotocol cannot carry. Nothing was sent.</source>
        <translation>Das Auth-Token kann nicht an %1 gesendet werden: Seine Base64-Form enthält „/“, das ein WebSocket-Subprotokoll nicht transportieren kann. Es wurde nichts gesendet.</translation>
    </message>
</context>
</TS>
