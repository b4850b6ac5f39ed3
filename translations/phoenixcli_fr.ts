<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>PhoenixCli</name>
    <message>
        <source>No certificate in %1</source>
        <translation>Aucun certificat dans %1</translation>
    </message>
    <message>
        <source>error: no certificate in %1</source>
        <translation>erreur : aucun certificat dans %1</translation>
    </message>
    <message>
        <source>Connected to %1</source>
        <translation>Connecté à %1</translation>
    </message>
    <message>
        <source>error: %1</source>
        <translation>erreur : %1</translation>
    </message>
    <message>
        <source>Disconnected</source>
        <translation>Déconnecté</translation>
    </message>
    <message>
        <source>Reconnecting in %1 ms (attempt %2)</source>
        <translation>Reconnexion dans %1 ms (tentative %2)</translation>
    </message>
    <message>
        <source>No connection within %1 ms</source>
        <translation>Pas de connexion en %1 ms</translation>
    </message>
    <message>
        <source>error: no connection within %1 ms</source>
        <translation>erreur : pas de connexion en %1 ms</translation>
    </message>
    <message>
        <source>[%1] %2: %3 bytes (base64 %4)</source>
        <translation>[%1] %2 : %3 octets (base64 %4)</translation>
    </message>
    <message>
        <source>[%1] channel error: %2</source>
        <translation>[%1] erreur du channel : %2</translation>
    </message>
    <message>
        <source>[%1] closed</source>
        <translation>[%1] fermé</translation>
    </message>
    <message>
        <source>[%1] %2 joined</source>
        <translation>[%1] %2 est arrivé</translation>
    </message>
    <message>
        <source>[%1] %2 left</source>
        <translation>[%1] %2 est parti</translation>
    </message>
    <message>
        <source>[%1] online: %2</source>
        <translation>[%1] en ligne : %2</translation>
    </message>
    <message>
        <source>nobody</source>
        <translation>personne</translation>
    </message>
    <message>
        <source>[%1] joined: %2</source>
        <translation>[%1] rejoint : %2</translation>
    </message>
    <message>
        <source>[%1] join refused (%2): %3</source>
        <translation>[%1] join refusé (%2) : %3</translation>
    </message>
    <message>
        <source>[%1] join timed out after %2 ms</source>
        <translation>[%1] join sans réponse après %2 ms</translation>
    </message>
    <message>
        <source>No joined topic to push to</source>
        <translation>Aucun topic rejoint auquel envoyer</translation>
    </message>
    <message>
        <source>error: push %1: no joined topic to push to</source>
        <translation>erreur : push %1 : aucun topic rejoint auquel envoyer</translation>
    </message>
    <message>
        <source>[%1] reply to %2 (ref %3): %4 %5</source>
        <translation>[%1] réponse à %2 (ref %3) : %4 %5</translation>
    </message>
    <message>
        <source>[%1] no reply to %2 (ref %3) within %4 ms</source>
        <translation>[%1] pas de réponse à %2 (ref %3) en %4 ms</translation>
    </message>
    <message>
        <source>[%1] push %2 failed: %3</source>
        <translation>[%1] échec du push %2 : %3</translation>
    </message>
    <message>
        <source>Cannot read standard input</source>
        <translation>Impossible de lire l&apos;entrée standard</translation>
    </message>
    <message>
        <source>error: cannot read standard input</source>
        <translation>erreur : impossible de lire l&apos;entrée standard</translation>
    </message>
    <message>
        <source>Not a JSON object: %1</source>
        <translation>Ce n&apos;est pas un objet JSON : %1</translation>
    </message>
    <message>
        <source>error: not a JSON object: %1</source>
        <translation>erreur : ce n&apos;est pas un objet JSON : %1</translation>
    </message>
    <message>
        <source>join: a topic is missing, e.g. join room:lobby</source>
        <translation>join : il manque le topic, par ex. join room:lobby</translation>
    </message>
    <message>
        <source>push: an event is missing, e.g. push new_msg &apos;{&quot;body&quot;:&quot;hi&quot;}&apos;</source>
        <translation>push : il manque l&apos;événement, par ex. push new_msg &apos;{&quot;body&quot;:&quot;hi&quot;}&apos;</translation>
    </message>
    <message>
        <source>push %1: join a topic first</source>
        <translation>push %1 : rejoignez d&apos;abord un topic (join)</translation>
    </message>
    <message>
        <source>listen: not a duration in seconds: %1</source>
        <translation>listen : ce n&apos;est pas une durée en secondes : %1</translation>
    </message>
    <message>
        <source>Unknown command: %1 (commands: join, push, leave, listen)</source>
        <translation>Commande inconnue : %1 (commandes : join, push, leave, listen)</translation>
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
        <translation>Un client en ligne de commande pour les serveurs Phoenix Channels, avec PhoenixQt.

Commandes, exécutées dans l&apos;ordre une fois connecté :
  join TOPIC [PARAMS]   rejoindre un topic, PARAMS un objet JSON
  push EVENT [PAYLOAD]  envoyer au dernier topic rejoint, PAYLOAD un objet JSON,
                        ou - pour un objet JSON par ligne de l&apos;entrée standard
  leave                 quitter le dernier topic rejoint
  listen [SECONDES]     afficher ce qui arrive, pendant SECONDES ou jusqu&apos;à interruption

Sans listen, il se termine dès que toutes les réponses sont arrivées. Codes de sortie :
0 ok, 2 usage, 3 connexion refusée ou échouée, 4 erreur de join, 5 erreur de push,
6 délai dépassé, 7 connexion perdue, 130 interrompu.

Exemple :
  phoenix-cli ws://localhost:4000/socket --param user=ada \
      join room:lobby push echo &apos;{&quot;a&quot;:1}&apos; listen</translation>
    </message>
    <message>
        <source>Connect parameter (repeatable).</source>
        <translation>Paramètre de connexion (répétable).</translation>
    </message>
    <message>
        <source>key=value</source>
        <translation>clé=valeur</translation>
    </message>
    <message>
        <source>Connect parameters as a JSON object.</source>
        <translation>Paramètres de connexion en objet JSON.</translation>
    </message>
    <message>
        <source>json</source>
        <translation>json</translation>
    </message>
    <message>
        <source>Auth token, sent in the Sec-WebSocket-Protocol header (Phoenix 1.8 auth_token); default: $PHOENIX_TOKEN.</source>
        <translation>Jeton d&apos;authentification, envoyé dans l&apos;en-tête Sec-WebSocket-Protocol (auth_token de Phoenix 1.8) ; par défaut : $PHOENIX_TOKEN.</translation>
    </message>
    <message>
        <source>token</source>
        <translation>jeton</translation>
    </message>
    <message>
        <source>Extra HTTP header of the upgrade request (repeatable).</source>
        <translation>En-tête HTTP supplémentaire de la requête d&apos;upgrade (répétable).</translation>
    </message>
    <message>
        <source>name: value</source>
        <translation>nom: valeur</translation>
    </message>
    <message>
        <source>Protocol version: 2 (vsn 2.0.0, default) or 1 (vsn 1.0.0, JSON objects).</source>
        <translation>Version du protocole : 2 (vsn 2.0.0, par défaut) ou 1 (vsn 1.0.0, objets JSON).</translation>
    </message>
    <message>
        <source>1|2</source>
        <translation>1|2</translation>
    </message>
    <message>
        <source>Timeout of the connect, joins and pushes (default 10000).</source>
        <translation>Délai de la connexion, des joins et des pushes (10000 par défaut).</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>ms</translation>
    </message>
    <message>
        <source>Heartbeat interval (default 30000, 0 = none).</source>
        <translation>Intervalle du heartbeat (30000 par défaut, 0 = aucun).</translation>
    </message>
    <message>
        <source>Reconnect and rejoin after a lost connection instead of exiting.</source>
        <translation>Se reconnecter et rejoindre après une perte de connexion au lieu de s&apos;arrêter.</translation>
    </message>
    <message>
        <source>Print presence_state/presence_diff as plain messages.</source>
        <translation>Afficher presence_state/presence_diff comme des messages ordinaires.</translation>
    </message>
    <message>
        <source>Output: text (default) or json (one object per line).</source>
        <translation>Sortie : text (par défaut) ou json (un objet par ligne).</translation>
    </message>
    <message>
        <source>text|json</source>
        <translation>text|json</translation>
    </message>
    <message>
        <source>Same as --format json.</source>
        <translation>Comme --format json.</translation>
    </message>
    <message>
        <source>Trust the CA certificates in this PEM file (wss).</source>
        <translation>Faire confiance aux certificats CA de ce fichier PEM (wss).</translation>
    </message>
    <message>
        <source>file</source>
        <translation>fichier</translation>
    </message>
    <message>
        <source>Client certificate, PEM (wss).</source>
        <translation>Certificat client, PEM (wss).</translation>
    </message>
    <message>
        <source>Private key of --cert, PEM, unencrypted (wss).</source>
        <translation>Clé privée de --cert, PEM, non chiffrée (wss).</translation>
    </message>
    <message>
        <source>Do not verify the server&apos;s certificate (wss).</source>
        <translation>Ne pas vérifier le certificat du serveur (wss).</translation>
    </message>
    <message>
        <source>Log the library&apos;s debug output to stderr.</source>
        <translation>Journaliser la sortie de débogage de la bibliothèque sur stderr.</translation>
    </message>
    <message>
        <source>Language of the messages, e.g. de or fr.</source>
        <translation>Langue des messages, par ex. de ou fr.</translation>
    </message>
    <message>
        <source>language</source>
        <translation>langue</translation>
    </message>
    <message>
        <source>Socket endpoint, e.g. ws://localhost:4000/socket.</source>
        <translation>Point de terminaison du socket, par ex. ws://localhost:4000/socket.</translation>
    </message>
    <message>
        <source>join, push, leave, listen (see above).</source>
        <translation>join, push, leave, listen (voir ci-dessus).</translation>
    </message>
    <message>
        <source>The socket URL is missing (see --help).</source>
        <translation>L&apos;URL du socket manque (voir --help).</translation>
    </message>
    <message>
        <source>Not a ws://, wss://, http:// or https:// URL: %1</source>
        <translation>Ce n&apos;est pas une URL ws://, wss://, http:// ou https:// : %1</translation>
    </message>
    <message>
        <source>--param expects key=value: %1</source>
        <translation>--param attend clé=valeur : %1</translation>
    </message>
    <message>
        <source>--header expects &quot;name: value&quot;: %1</source>
        <translation>--header attend &quot;nom: valeur&quot; : %1</translation>
    </message>
    <message>
        <source>--protocol must be 1 or 2: %1</source>
        <translation>--protocol doit valoir 1 ou 2 : %1</translation>
    </message>
    <message>
        <source>--timeout must be a positive number of milliseconds: %1</source>
        <translation>--timeout doit être un nombre positif de millisecondes : %1</translation>
    </message>
    <message>
        <source>--heartbeat must be a number of milliseconds: %1</source>
        <translation>--heartbeat doit être un nombre de millisecondes : %1</translation>
    </message>
    <message>
        <source>--format must be text or json: %1</source>
        <translation>--format doit valoir text ou json : %1</translation>
    </message>
    <message>
        <source>--cert and --key go together.</source>
        <translation>--cert et --key vont ensemble.</translation>
    </message>
    <message>
        <source>Accept the server only if one of its public keys has this SHA-256 pin, &quot;sha256/&lt;base64&gt;&quot; (repeatable; wss).</source>
        <translation>N&apos;accepter le serveur que si l&apos;une de ses clés publiques a cette empreinte SHA-256 épinglée, « sha256/&lt;base64&gt; » (répétable ; wss).</translation>
    </message>
    <message>
        <source>pin</source>
        <translation>empreinte</translation>
    </message>
    <message>
        <source>Connect through this proxy: http://[user[:password]@]host[:port], socks5://..., system (the http_proxy/https_proxy/no_proxy environment), or none; the password may come from $PHOENIX_PROXY_PASSWORD. Default: the system&apos;s settings.</source>
        <translation>Se connecter via ce proxy : http://[utilisateur[:mot de passe]@]hôte[:port], socks5://..., system (les variables d&apos;environnement http_proxy/https_proxy/no_proxy) ou none ; le mot de passe peut venir de $PHOENIX_PROXY_PASSWORD. Par défaut : les réglages du système.</translation>
    </message>
    <message>
        <source>url</source>
        <translation>url</translation>
    </message>
    <message>
        <source>Transport: websocket (default) or longpoll.</source>
        <translation>Transport : websocket (par défaut) ou longpoll.</translation>
    </message>
    <message>
        <source>websocket|longpoll</source>
        <translation>websocket|longpoll</translation>
    </message>
    <message>
        <source>--transport must be websocket or longpoll: %1</source>
        <translation>--transport doit valoir websocket ou longpoll : %1</translation>
    </message>
    <message>
        <source>--proxy expects http://host:port, socks5://host:port, system or none: %1</source>
        <translation>--proxy attend http://hôte:port, socks5://hôte:port, system ou none : %1</translation>
    </message>
    <message>
        <source>(unreadable)</source>
        <translation>(illisible)</translation>
    </message>
</context>
</TS>
