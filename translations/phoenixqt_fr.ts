<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>PhoenixChannel</name>
    <message>
        <source>Cannot push &quot;%1&quot;: the channel %2 was left or closed.</source>
        <translation>Impossible d’envoyer «&#xa0;%1&#xa0;»&#xa0;: le canal %2 a été quitté ou fermé.</translation>
    </message>
    <message numerus="yes">
        <source>Cannot push &quot;%1&quot;: the send buffer is full (%n message(s)).</source>
        <translation>
            <numerusform>Impossible d’envoyer «&#xa0;%1&#xa0;»&#xa0;: le tampon d’envoi est plein (%n message).</numerusform>
            <numerusform>Impossible d’envoyer «&#xa0;%1&#xa0;»&#xa0;: le tampon d’envoi est plein (%n messages).</numerusform>
        </translation>
    </message>
    <message>
        <source>The server reported an error on channel %1 (%2).</source>
        <translation>Le serveur a signalé une erreur sur le canal %1 (%2).</translation>
    </message>
    <message>
        <source>no reason given</source>
        <translation>aucune raison indiquée</translation>
    </message>
    <message>
        <source>The channel %1 is not joined.</source>
        <translation>Le canal %1 n’est pas rejoint.</translation>
    </message>
    <message>
        <source>The server refused to join %1.</source>
        <translation>Le serveur a refusé de rejoindre %1.</translation>
    </message>
    <message>
        <source>The server refused to join %1: %2.</source>
        <translation>Le serveur a refusé de rejoindre %1 : %2.</translation>
    </message>
    <message>
        <source>Joining %1 timed out after %2 ms.</source>
        <translation>La connexion au canal %1 a expiré après %2 ms.</translation>
    </message>
    <message>
        <source>The channel %1 was closed before the message was answered.</source>
        <translation>Le canal %1 a été fermé avant que le message reçoive une réponse.</translation>
    </message>
    <message>
        <source>The channel %1 was closed before it was joined.</source>
        <translation>Le canal %1 a été fermé avant d’être rejoint.</translation>
    </message>
    <message>
        <source>The channel %1 was left before it was joined.</source>
        <translation>Le canal %1 a été quitté avant d’être rejoint.</translation>
    </message>
</context>
<context>
    <name>PhoenixLongPollTransport</name>
    <message>
        <source>The server at %1 answered the first LongPoll request with status %2 and no session.</source>
        <translation>Le serveur %1 a répondu à la première requête LongPoll avec le statut %2 et sans session.</translation>
    </message>
    <message>
        <source>The server at %1 sent a LongPoll message that is not a string.</source>
        <translation>Le serveur %1 a envoyé un message LongPoll qui n’est pas une chaîne.</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) sent to the server may not have arrived; they are not sent again (pushes among them end with their timeout).</source>
        <translation>
            <numerusform>%n message envoyé au serveur n’est peut-être pas arrivé&#xa0;; il n’est pas renvoyé (s’il s’agit d’un push, il se termine par son délai d’attente).</numerusform>
            <numerusform>%n messages envoyés au serveur ne sont peut-être pas arrivés&#xa0;; ils ne sont pas renvoyés (les pushs parmi eux se terminent par leur délai d’attente).</numerusform>
        </translation>
    </message>
    <message>
        <source>The connection to %1 was lost: %2</source>
        <translation>La connexion à %1 a été perdue&#xa0;: %2</translation>
    </message>
    <message>
        <source>The server at %1 refused the connection: %2</source>
        <translation>Le serveur %1 a refusé la connexion&#xa0;: %2</translation>
    </message>
    <message>
        <source>The host of %1 was not found.</source>
        <translation>L’hôte de %1 est introuvable.</translation>
    </message>
    <message>
        <source>TLS error while connecting to %1: %2</source>
        <translation>Erreur TLS lors de la connexion à %1&#xa0;: %2</translation>
    </message>
    <message>
        <source>Network error on %1: %2</source>
        <translation>Erreur réseau sur %1&#xa0;: %2</translation>
    </message>
    <message>
        <source>The server at %1 refused the connection (HTTP %2).</source>
        <translation>Le serveur %1 a refusé la connexion (HTTP %2).</translation>
    </message>
    <message>
        <source>The server at %1 answered HTTP %2.</source>
        <translation>Le serveur %1 a répondu HTTP %2.</translation>
    </message>
    <message>
        <source>The server at %1 sent an answer that is not LongPoll JSON.</source>
        <translation>Le serveur %1 a envoyé une réponse qui n’est pas du JSON LongPoll.</translation>
    </message>
    <message>
        <source>The server at %1 refused the connection (LongPoll status 403).</source>
        <translation>Le serveur %1 a refusé la connexion (statut LongPoll 403).</translation>
    </message>
    <message>
        <source>The LongPoll session at %1 is gone: the server restarted or ended it.</source>
        <translation>La session LongPoll sur %1 n’existe plus&#xa0;: le serveur a redémarré ou l’a terminée.</translation>
    </message>
    <message>
        <source>The server at %1 answered with LongPoll status %2.</source>
        <translation>Le serveur %1 a répondu avec le statut LongPoll %2.</translation>
    </message>
    <message numerus="yes">
        <source>A LongPoll answer larger than %n byte(s) arrived; the connection was closed.</source>
        <translation>
            <numerusform>Une réponse LongPoll de plus de %n octet est arrivée&#xa0;; la connexion a été fermée.</numerusform>
            <numerusform>Une réponse LongPoll de plus de %n octets est arrivée&#xa0;; la connexion a été fermée.</numerusform>
        </translation>
    </message>
    <message>
        <source>A LongPoll request to %1 got no answer within %2 ms.</source>
        <translation>Une requête LongPoll vers %1 est restée sans réponse pendant %2 ms.</translation>
    </message>
    <message>
        <source>The URL &quot;%1&quot; cannot be used for LongPoll: it needs an http(s):// or ws(s):// URL with a host.</source>
        <translation>L’URL «&#xa0;%1&#xa0;» ne peut pas servir pour LongPoll&#xa0;: il faut une URL http(s):// ou ws(s):// avec un hôte.</translation>
    </message>
    <message>
        <source>The auth token cannot be sent to %1: it contains a line break or a NUL character, which an HTTP header cannot carry. Nothing was sent.</source>
        <translation>Le jeton d’authentification ne peut pas être envoyé à %1&#xa0;: il contient un saut de ligne ou un caractère NUL, qu’un en-tête HTTP ne peut pas transporter. Rien n’a été envoyé.</translation>
    </message>
</context>
<context>
    <name>PhoenixOutbox</name>
    <message>
        <source>The channel was deleted before the server answered.</source>
        <translation>Le canal a été supprimé avant que le serveur ne réponde.</translation>
    </message>
    <message>
        <source>The server has no channel for %1 (unmatched topic).</source>
        <translation>Le serveur n’a pas de canal pour %1 (unmatched topic).</translation>
    </message>
    <message>
        <source>The channel %1 was no longer joined before the server answered.</source>
        <translation>Le canal %1 n’était plus rejoint avant que le serveur ne réponde.</translation>
    </message>
    <message>
        <source>The socket was deleted before the server answered.</source>
        <translation>Le socket a été supprimé avant que le serveur ne réponde.</translation>
    </message>
    <message>
        <source>The outbox keeps its entries in memory only: those not delivered are lost if the application ends.</source>
        <translation>La boîte d’envoi ne garde plus ses entrées qu’en mémoire : celles qui ne sont pas livrées sont perdues si l’application se termine.</translation>
    </message>
    <message>
        <source>An outbox entry needs a topic and an event.</source>
        <translation>Une entrée de la boîte d’envoi doit avoir un topic et un événement.</translation>
    </message>
    <message>
        <source>The event %1 is reserved by Phoenix and cannot go through the outbox.</source>
        <translation>L’événement %1 est réservé par Phoenix et ne peut pas passer par la boîte d’envoi.</translation>
    </message>
    <message>
        <source>The payload already has the field %1, which carries the outbox&apos;s idempotency key.</source>
        <translation>Le contenu a déjà le champ %1, qui porte la clé d’idempotence de la boîte d’envoi.</translation>
    </message>
    <message>
        <source>The outbox is full: the entry (%1 bytes) would exceed its limit of %2 bytes.</source>
        <translation>La boîte d’envoi est pleine : l’entrée (%1 octets) dépasserait sa limite de %2 octets.</translation>
    </message>
    <message>
        <source>The payload of an outbox entry must be a JSON object (%1 on %2 has a %3).</source>
        <translation>Le contenu d’une entrée de la boîte d’envoi doit être un objet JSON (%1 sur %2 a : %3).</translation>
    </message>
    <message>
        <source>The outbox cannot send the binary payload of %1 on %2: a binary message has no field for the idempotency key. Send it as text in a JSON payload instead.</source>
        <translation>La boîte d’envoi ne peut pas envoyer le contenu binaire de %1 sur %2 : un message binaire n’a pas de champ pour la clé d’idempotence. Envoyez-le plutôt comme texte dans un contenu JSON.</translation>
    </message>
    <message>
        <source>The outbox database %1 is in use by another outbox or process.</source>
        <translation>La base de données de la boîte d’envoi %1 est utilisée par une autre boîte d’envoi ou un autre processus.</translation>
    </message>
    <message>
        <source>The outbox database %1 is damaged (%2).</source>
        <translation>La base de données de la boîte d’envoi %1 est endommagée (%2).</translation>
    </message>
    <message>
        <source>The outbox database %1 cannot be written (%2).</source>
        <translation>La base de données de la boîte d’envoi %1 ne peut pas être écrite (%2).</translation>
    </message>
    <message>
        <source>The disk of the outbox database %1 is full.</source>
        <translation>Le disque de la base de données de la boîte d’envoi %1 est plein.</translation>
    </message>
    <message>
        <source>The outbox database %1 cannot be opened (%2).</source>
        <translation>La base de données de la boîte d’envoi %1 ne peut pas être ouverte (%2).</translation>
    </message>
    <message>
        <source>The outbox database %1 failed (%2).</source>
        <translation>La base de données de la boîte d’envoi %1 a échoué (%2).</translation>
    </message>
    <message>
        <source>The SQLite driver of Qt SQL is not installed (Debian: libqt6sql6-sqlite); the outbox database %1 cannot be used.</source>
        <translation>Le pilote SQLite de Qt SQL n’est pas installé (Debian : libqt6sql6-sqlite) ; la base de données de la boîte d’envoi %1 ne peut pas être utilisée.</translation>
    </message>
    <message>
        <source>The folder of the outbox database %1 cannot be created.</source>
        <translation>Le dossier de la base de données de la boîte d’envoi %1 ne peut pas être créé.</translation>
    </message>
    <message>
        <source>The file %1 is not an outbox database (it belongs to another application); it is left untouched.</source>
        <translation>Le fichier %1 n’est pas une base de données de boîte d’envoi (il appartient à une autre application) ; il reste intact.</translation>
    </message>
    <message>
        <source>The outbox database %1 was written by a newer version of PhoenixQt (schema %2; this version reads schema %3 and older).</source>
        <translation>La base de données de la boîte d’envoi %1 a été écrite par une version plus récente de PhoenixQt (schéma %2 ; cette version lit le schéma %3 et les précédents).</translation>
    </message>
    <message>
        <source>schema version %1</source>
        <translation>version de schéma %1</translation>
    </message>
    <message>
        <source>the table of entries is missing or changed</source>
        <translation>la table des entrées manque ou a été modifiée</translation>
    </message>
    <message>
        <source>entry %1: %2</source>
        <translation>entrée %1 : %2</translation>
    </message>
    <message>
        <source>bad sequence number</source>
        <translation>numéro d’ordre invalide</translation>
    </message>
    <message>
        <source>bad key</source>
        <translation>clé invalide</translation>
    </message>
    <message>
        <source>duplicate key</source>
        <translation>clé en double</translation>
    </message>
    <message>
        <source>bad topic</source>
        <translation>topic invalide</translation>
    </message>
    <message>
        <source>bad event</source>
        <translation>événement invalide</translation>
    </message>
    <message>
        <source>bad payload</source>
        <translation>contenu invalide</translation>
    </message>
    <message>
        <source>bad creation time</source>
        <translation>date de création invalide</translation>
    </message>
    <message>
        <source>bad attempt count</source>
        <translation>nombre de tentatives invalide</translation>
    </message>
    <message>
        <source>bad last error</source>
        <translation>dernière erreur invalide</translation>
    </message>
</context>
<context>
    <name>PhoenixPush</name>
    <message>
        <source>Cannot send &quot;%1&quot;: the send buffer is full.</source>
        <translation>Impossible d’envoyer «&#xa0;%1&#xa0;»&#xa0;: le tampon d’envoi est plein.</translation>
    </message>
    <message>
        <source>Cannot send &quot;%1&quot;: %2</source>
        <translation>Impossible d’envoyer «&#xa0;%1&#xa0;»&#xa0;: %2</translation>
    </message>
    <message>
        <source>The server refused &quot;%1&quot;: %2</source>
        <translation>Le serveur a refusé «&#xa0;%1&#xa0;»&#xa0;: %2</translation>
    </message>
    <message>
        <source>No reply to &quot;%1&quot; on %2 within %3 ms.</source>
        <translation>Pas de réponse à «&#xa0;%1&#xa0;» sur %2 en %3 ms.</translation>
    </message>
    <message>
        <source>Could not send &quot;%1&quot; on %2 within %3 ms.</source>
        <translation>Impossible d’envoyer «&#xa0;%1&#xa0;» sur %2 en %3 ms.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; was deleted before it finished (with its channel or socket).</source>
        <translation>«&#xa0;%1&#xa0;» a été supprimé avant d’être terminé (avec son canal ou son socket).</translation>
    </message>
    <message>
        <source>&quot;%1&quot; was abandoned before it was answered.</source>
        <translation>«&#xa0;%1&#xa0;» a été abandonné avant de recevoir une réponse.</translation>
    </message>
</context>
<context>
    <name>PhoenixQmlChannel</name>
    <message>
        <source>Cannot send &quot;%1&quot;: the channel has no topic.</source>
        <translation>Impossible d’envoyer «&#xa0;%1&#xa0;»&#xa0;: le canal n’a pas de topic.</translation>
    </message>
    <message>
        <source>Cannot send &quot;%1&quot;: the channel %2 is not active.</source>
        <translation>Impossible d’envoyer «&#xa0;%1&#xa0;»&#xa0;: le canal %2 n’est pas actif.</translation>
    </message>
    <message>
        <source>The payload of &quot;%1&quot; must be a JavaScript object.</source>
        <translation>Le contenu de «&#xa0;%1&#xa0;» doit être un objet JavaScript.</translation>
    </message>
</context>
<context>
    <name>PhoenixQmlPush</name>
    <message>
        <source>The channel was closed before the server answered.</source>
        <translation>Le canal a été fermé avant la réponse du serveur.</translation>
    </message>
</context>
<context>
    <name>PhoenixQmlSocket</name>
    <message>
        <source>(unreadable)</source>
        <translation>(illisible)</translation>
    </message>
    <message>
        <source>PhoenixSocket.proxy: not a proxy (http://host:port, socks5://host:port, system or none): %1. Using the application proxy.</source>
        <translation>PhoenixSocket.proxy : ce n&apos;est pas un proxy (http://hôte:port, socks5://hôte:port, system ou none) : %1. Le proxy de l&apos;application est utilisé.</translation>
    </message>
</context>
<context>
    <name>PhoenixQmlTls</name>
    <message>
        <source>PhoenixSocket.tls.caCertificates: no PEM certificate in %1.</source>
        <translation>PhoenixSocket.tls.caCertificates : aucun certificat PEM dans %1.</translation>
    </message>
    <message>
        <source>PhoenixSocket.tls: clientCertificate and clientKey go together.</source>
        <translation>PhoenixSocket.tls : clientCertificate et clientKey vont ensemble.</translation>
    </message>
</context>
<context>
    <name>PhoenixSerializer</name>
    <message>
        <source>A binary message field is longer than 255 bytes.</source>
        <translation>Un champ du message binaire dépasse 255 octets.</translation>
    </message>
    <message>
        <source>The frame is not valid JSON: %1.</source>
        <translation>La trame n’est pas du JSON valide&#xa0;: %1.</translation>
    </message>
    <message>
        <source>The frame is not a JSON array.</source>
        <translation>La trame n’est pas un tableau JSON.</translation>
    </message>
    <message numerus="yes">
        <source>The frame has %n element(s) instead of 5.</source>
        <translation>
            <numerusform>La trame a %n élément au lieu de 5.</numerusform>
            <numerusform>La trame a %n éléments au lieu de 5.</numerusform>
        </translation>
    </message>
    <message>
        <source>The frame has fields of the wrong type.</source>
        <translation>La trame contient des champs du mauvais type.</translation>
    </message>
    <message>
        <source>The binary frame is truncated.</source>
        <translation>La trame binaire est tronquée.</translation>
    </message>
    <message>
        <source>Unknown binary frame kind %1.</source>
        <translation>Type de trame binaire inconnu&#xa0;: %1.</translation>
    </message>
    <message>
        <source>The binary frame has an empty topic or event.</source>
        <translation>La trame binaire a un topic ou un événement vide.</translation>
    </message>
    <message>
        <source>Protocol 1.0.0 has no binary messages.</source>
        <translation>Le protocole 1.0.0 n’a pas de messages binaires.</translation>
    </message>
    <message>
        <source>The frame is not a JSON object.</source>
        <translation>La trame n’est pas un objet JSON.</translation>
    </message>
    <message>
        <source>The payload is not a valid JSON object.</source>
        <translation>La charge utile n’est pas un objet JSON valide.</translation>
    </message>
    <message>
        <source>The binary frame has a field that is not valid UTF-8.</source>
        <translation>La trame binaire contient un champ qui n’est pas de l’UTF-8 valide.</translation>
    </message>
</context>
<context>
    <name>PhoenixSocket</name>
    <message>
        <source>The connection to %1 was closed (code %2).</source>
        <translation>La connexion à %1 a été fermée (code %2).</translation>
    </message>
    <message>
        <source>The connection to %1 was closed (code %2: %3).</source>
        <translation>La connexion à %1 a été fermée (code %2&#xa0;: %3).</translation>
    </message>
    <message>
        <source>The connection to the server was lost.</source>
        <translation>La connexion au serveur a été perdue.</translation>
    </message>
    <message>
        <source>The server at %1 did not answer the heartbeat in time.</source>
        <translation>Le serveur %1 n’a pas répondu au heartbeat à temps.</translation>
    </message>
    <message>
        <source>Dropped a malformed message: %1</source>
        <translation>Message mal formé ignoré&#xa0;: %1</translation>
    </message>
    <message numerus="yes">
        <source>The send buffer is full (%n message(s)); a message was not sent.</source>
        <translation>
            <numerusform>Le tampon d’envoi est plein (%n message)&#xa0;; un message n’a pas été envoyé.</numerusform>
            <numerusform>Le tampon d’envoi est plein (%n messages)&#xa0;; un message n’a pas été envoyé.</numerusform>
        </translation>
    </message>
    <message>
        <source>A message could not be encoded: %1</source>
        <translation>Un message n’a pas pu être encodé&#xa0;: %1</translation>
    </message>
    <message>
        <source>The connection to %1 closed before it opened.</source>
        <translation>La connexion à %1 a été fermée avant d’être ouverte.</translation>
    </message>
    <message>
        <source>Connecting to %1 timed out after %2 ms.</source>
        <translation>La connexion à %1 a expiré après %2 ms.</translation>
    </message>
    <message>
        <source>No PEM certificate in %1.</source>
        <translation>Aucun certificat PEM dans %1.</translation>
    </message>
    <message>
        <source>Cannot read the key file %1: %2</source>
        <translation>Impossible de lire le fichier de clé %1 : %2</translation>
    </message>
    <message>
        <source>No RSA or EC private key in %1 (or a wrong pass phrase).</source>
        <translation>Aucune clé privée RSA ou EC dans %1 (ou une phrase secrète erronée).</translation>
    </message>
</context>
<context>
    <name>PhoenixTransport</name>
    <message>
        <source>The certificate chain of %1 matches none of the public-key pins: the connection was closed before anything was sent.</source>
        <translation>La chaîne de certificats de %1 ne correspond à aucune des clés publiques épinglées : la connexion a été fermée avant tout envoi.</translation>
    </message>
    <message>
        <source>The server at %1 requires a client certificate, and none was sent.</source>
        <translation>Le serveur %1 exige un certificat client, et aucun n&apos;a été envoyé.</translation>
    </message>
    <message>
        <source>The server at %1 refused the client certificate (TLS alert: %2).</source>
        <translation>Le serveur %1 a refusé le certificat client (alerte TLS : %2).</translation>
    </message>
    <message>
        <source>The proxy %1 asked for credentials to reach %2 and refused the ones given (or none were given).</source>
        <translation>Le proxy %1 a demandé des identifiants pour atteindre %2 et a refusé ceux fournis (ou aucun n&apos;a été fourni).</translation>
    </message>
    <message>
        <source>The proxy %1 did not connect to %2: %3</source>
        <translation>Le proxy %1 n&apos;a pas établi la connexion vers %2 : %3</translation>
    </message>
    <message>
        <source>Public-key pins are set, but %1 does not use TLS (wss:// or https://). Nothing was sent.</source>
        <translation>Des clés publiques sont épinglées, mais %1 n&apos;utilise pas TLS (wss:// ou https://). Rien n&apos;a été envoyé.</translation>
    </message>
    <message>
        <source>no proxy</source>
        <translation>aucun proxy</translation>
    </message>
    <message>
        <source>the application proxy</source>
        <translation>le proxy de l&apos;application</translation>
    </message>
    <message>
        <source>Public-key pins cannot be checked on this Qt version&apos;s WebSocket; nothing was sent to %1.</source>
        <translation>Les clés publiques épinglées ne peuvent pas être vérifiées avec le WebSocket de cette version de Qt ; rien n&apos;a été envoyé à %1.</translation>
    </message>
</context>
<context>
    <name>PhoenixWebSocketTransport</name>
    <message>
        <source>The server at %1 refused the connection: %2</source>
        <translation>Le serveur %1 a refusé la connexion&#xa0;: %2</translation>
    </message>
    <message>
        <source>The host of %1 was not found.</source>
        <translation>L’hôte de %1 est introuvable.</translation>
    </message>
    <message>
        <source>The server at %1 closed the connection.</source>
        <translation>Le serveur %1 a fermé la connexion.</translation>
    </message>
    <message>
        <source>TLS error while connecting to %1: %2</source>
        <translation>Erreur TLS lors de la connexion à %1&#xa0;: %2</translation>
    </message>
    <message>
        <source>Network error on %1: %2</source>
        <translation>Erreur réseau sur %1&#xa0;: %2</translation>
    </message>
    <message numerus="yes">
        <source>A message larger than %n byte(s) arrived; the connection was closed.</source>
        <translation>
            <numerusform>Un message de plus de %n&#xa0;octet est arrivé&#xa0;; la connexion a été fermée.</numerusform>
            <numerusform>Un message de plus de %n&#xa0;octets est arrivé&#xa0;; la connexion a été fermée.</numerusform>
        </translation>
    </message>
    <message>
        <source>The URL &quot;%1&quot; is not a valid ws:// or wss:// URL.</source>
        <translation>L’URL «&#xa0;%1&#xa0;» n’est pas une URL ws:// ou wss:// valide.</translation>
    </message>
    <message>
        <source>The auth token cannot be sent to %1: its base64 form contains &quot;/&quot;, which a WebSocket subprotocol cannot carry. Nothing was sent.</source>
        <translation>Le jeton d’authentification ne peut pas être envoyé à %1 : sa forme base64 contient « / », qu’un sous-protocole WebSocket ne peut pas transporter. Rien n’a été envoyé.</translation>
    </message>
</context>
</TS>
