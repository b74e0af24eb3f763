"""Names and words that tell what kind of entity a new name is (``entities.guess_kind``).

Data only. Compiled for Annotator, for news on international politics and arms
transfers in German and English:

- ``STATES``: the states of ISO 3166-1 (their English short names) and the German
  short forms of the German Federal Foreign Office's list of state names
  ("Verzeichnis der Staatennamen für den amtlichen Gebrauch"), with the common
  abbreviations and a few historical states; written as in running text, without
  the article ("Ukraine", not "die Ukraine").
- ``ALLIANCES`` and ``ORGANISATIONS``: alliances, international and national
  bodies and arms makers that such news names as actors, with the TEI ``type``
  each gets.
- ``TITLES``: offices, ranks (military ones too: "Wachtmeister", "Sergeant") and
  forms of address that make a name a person's ("US-Präsident",
  "Verteidigungsminister", "Secretary"); German ones also as the last part of a
  compound ("Oberleutnant").
- ``GIVEN_NAMES``: given names common in that news (German, English, French,
  Italian, Spanish, Polish, Ukrainian, Russian, Scandinavian, Turkish, in the
  spellings German and English texts use): a name that starts with one is a
  person's ("Pete Hegseth", "Wolodymyr Selenskyj").

Entries are compared case-folded (``entities.fold``), with one German inflection
ending taken off the text ("Deutschlands", "Präsidenten").
"""

from __future__ import annotations


def _entries(text: str) -> list[str]:
    """The entries of a list written one or more to a line, separated by "|"."""
    return [entry.strip() for line in text.splitlines() for entry in line.split("|")
            if entry.strip()]


STATES = frozenset(_entries("""
Afghanistan|Ägypten|Egypt|Albanien|Albania|Algerien|Algeria|Andorra|Angola
Antigua und Barbuda|Antigua and Barbuda|Äquatorialguinea|Equatorial Guinea
Argentinien|Argentina|Armenien|Armenia|Aserbaidschan|Azerbaijan|Äthiopien|Ethiopia
Australien|Australia|Bahamas|Bahrain|Bangladesch|Bangladesh|Barbados|Belarus|Weißrussland
Belgien|Belgium|Belize|Benin|Bhutan|Bolivien|Bolivia|Bosnien und Herzegowina
Bosnia and Herzegovina|Botsuana|Botswana|Brasilien|Brazil|Brunei|Bulgarien|Bulgaria
Burkina Faso|Burundi|Chile|China|Volksrepublik China|People's Republic of China
Costa Rica|Côte d'Ivoire|Elfenbeinküste|Ivory Coast|Dänemark|Denmark|Deutschland|Germany
Bundesrepublik Deutschland|Federal Republic of Germany|BRD|Dominica
Dominikanische Republik|Dominican Republic|Dschibuti|Djibouti|Ecuador|El Salvador
Eritrea|Estland|Estonia|Eswatini|Fidschi|Fiji|Finnland|Finland|Frankreich|France
Gabun|Gabon|Gambia|Georgien|Georgia|Ghana|Grenada|Griechenland|Greece|Guatemala
Guinea|Guinea-Bissau|Guyana|Haiti|Honduras|Indien|India|Indonesien|Indonesia|Irak|Iraq
Iran|Irland|Ireland|Island|Iceland|Israel|Italien|Italy|Jamaika|Jamaica|Japan|Jemen|Yemen
Jordanien|Jordan|Kambodscha|Cambodia|Kamerun|Cameroon|Kanada|Canada|Kap Verde|Cabo Verde
Kasachstan|Kazakhstan|Katar|Qatar|Kenia|Kenya|Kirgisistan|Kyrgyzstan|Kiribati
Kolumbien|Colombia|Komoren|Comoros|Kongo|Congo|Republik Kongo|Republic of the Congo
Demokratische Republik Kongo|Democratic Republic of the Congo|Kosovo|Kroatien|Croatia
Kuba|Cuba|Kuwait|Laos|Lesotho|Lettland|Latvia|Libanon|Lebanon|Liberia|Libyen|Libya
Liechtenstein|Litauen|Lithuania|Luxemburg|Luxembourg|Madagaskar|Madagascar|Malawi
Malaysia|Malediven|Maldives|Mali|Malta|Marokko|Morocco|Marshallinseln|Marshall Islands
Mauretanien|Mauritania|Mauritius|Mexiko|Mexico|Mikronesien|Micronesia|Moldau|Moldawien
Moldova|Monaco|Mongolei|Mongolia|Montenegro|Mosambik|Mozambique|Myanmar|Namibia|Nauru
Nepal|Neuseeland|New Zealand|Nicaragua|Niederlande|Netherlands|Holland|Niger|Nigeria
Nordkorea|North Korea|Nordmazedonien|North Macedonia|Norwegen|Norway|Oman|Österreich
Austria|Osttimor|Timor-Leste|East Timor|Pakistan|Palau|Palästina|Palestine|Panama
Papua-Neuguinea|Papua New Guinea|Paraguay|Peru|Philippinen|Philippines|Polen|Poland
Portugal|Ruanda|Rwanda|Rumänien|Romania|Russland|Russia|Russische Föderation
Russian Federation|Salomonen|Solomon Islands|Sambia|Zambia|Samoa|San Marino
São Tomé und Príncipe|Sao Tome and Principe|Saudi-Arabien|Saudi Arabia|Schweden|Sweden
Schweiz|Switzerland|Senegal|Serbien|Serbia|Seychellen|Seychelles|Sierra Leone|Simbabwe
Zimbabwe|Singapur|Singapore|Slowakei|Slovakia|Slowenien|Slovenia|Somalia|Spanien|Spain
Sri Lanka|St. Kitts und Nevis|Saint Kitts and Nevis|St. Lucia|Saint Lucia
St. Vincent und die Grenadinen|Saint Vincent and the Grenadines|Südafrika|South Africa
Sudan|Südsudan|South Sudan|Südkorea|South Korea|Korea|Suriname|Syrien|Syria
Tadschikistan|Tajikistan|Taiwan|Tansania|Tanzania|Thailand|Togo|Tonga
Trinidad und Tobago|Trinidad and Tobago|Tschad|Chad|Tschechien|Czechia|Czech Republic
Tunesien|Tunisia|Türkei|Turkey|Türkiye|Turkmenistan|Tuvalu|Uganda|Ukraine|Ungarn
Hungary|Uruguay|Usbekistan|Uzbekistan|Vanuatu|Vatikan|Vatikanstadt|Vatican City
Holy See|Heiliger Stuhl|Venezuela|Vereinigte Arabische Emirate|United Arab Emirates
VAE|UAE|Vereinigte Staaten|Vereinigte Staaten von Amerika|United States
United States of America|USA|US|U.S.|U.S.A.|Amerika|America|Vereinigtes Königreich
United Kingdom|Großbritannien|Great Britain|Britain|UK|Vietnam|Viet Nam
Zentralafrikanische Republik|Central African Republic|Zypern|Cyprus
Sowjetunion|Soviet Union|UdSSR|USSR|DDR|Jugoslawien|Yugoslavia
"""))

# Name -> TEI type of the org.
ALLIANCES = dict.fromkeys(_entries("""
NATO|Nato|OTAN|Nordatlantikpakt|Nordatlantische Allianz|North Atlantic Treaty Organization
North Atlantic Alliance|Atlantic Alliance|EU|Europäische Union|European Union|AUKUS
OVKS|CSTO|Organisation des Vertrags über kollektive Sicherheit
Collective Security Treaty Organization|Warschauer Pakt|Warsaw Pact|Five Eyes
Ramstein-Gruppe|Ramstein-Format|Ukraine-Kontaktgruppe|Ukraine Defense Contact Group
Koalition der Willigen|Coalition of the Willing
"""), "alliance")
ORGANISATIONS = {
    **dict.fromkeys(_entries("""
UN|UNO|Vereinte Nationen|United Nations|UN-Sicherheitsrat|Sicherheitsrat|Security Council
UN Security Council|OSZE|OSCE|IAEA|IAEO|WHO|IWF|IMF|Internationaler Währungsfonds
International Monetary Fund|Weltbank|World Bank|WTO|OPEC|Afrikanische Union|African Union
ASEAN|Arabische Liga|Arab League|Europarat|Council of Europe|G7|G8|G20|BRICS
EU-Kommission|Europäische Kommission|European Commission|Europäischer Rat
European Council|Europäisches Parlament|European Parliament|Internationales Rotes Kreuz
Rotes Kreuz|Red Cross|IKRK|ICRC|Internationaler Strafgerichtshof
International Criminal Court|IStGH|ICC|Europäische Zentralbank|European Central Bank
EZB|ECB
"""), "international"),
    **dict.fromkeys(_entries("""
Bundesregierung|Bundestag|Bundesrat|Kanzleramt|Bundeskanzleramt|Auswärtiges Amt
Bundesministerium der Verteidigung|Verteidigungsministerium|Außenministerium
Weißes Haus|White House|Pentagon|Kongress|Congress|US-Kongress|US Congress|Senat|Senate
Repräsentantenhaus|House of Representatives|State Department|Außenamt|Kreml|Kremlin
Downing Street|Élysée|Elysée|Élysée-Palast|Duma|Staatsduma|Werchowna Rada
Verkhovna Rada|Rada|Knesset
"""), "government"),
    **dict.fromkeys(_entries("""
Bundeswehr|US-Armee|US Army|US-Streitkräfte|US Armed Forces|Armee|Army|Luftwaffe
Air Force|Marine|Navy|Royal Navy|Rote Armee|Red Army|Hamas|Hisbollah|Hezbollah
Taliban|Wagner-Gruppe|Wagner Group|Huthi|Houthis
"""), "military"),
    **dict.fromkeys(_entries("""
Rheinmetall|KNDS|Krauss-Maffei Wegmann|KMW|Diehl|Diehl Defence|Hensoldt|Airbus
Airbus Defence and Space|MBDA|Thales|Leonardo|Saab|BAE Systems|Lockheed Martin
Raytheon|RTX|Northrop Grumman|General Dynamics|Boeing|Kongsberg|Nammo|Rafael|Elbit
Elbit Systems|Rosoboronexport|Rostec|Heckler & Koch|Heckler und Koch|Baykar
"""), "company"),
}

# Offices, ranks and forms of address. German ones also end compounds
# ("Verteidigungsminister", "US-Präsident", "Regierungschef").
TITLES_IN_COMPOUNDS = frozenset(_entries("""
präsident|präsidentin|kanzler|kanzlerin|minister|ministerin|sekretär|sekretärin
botschafter|botschafterin|sprecher|sprecherin|bürgermeister|bürgermeisterin|senator
senatorin|abgeordneter|abgeordnete|general|generalin|admiral|admiralin|kommandeur
kommandeurin|befehlshaber|befehlshaberin|vorsitzender|vorsitzende|chef|chefin|premier
premierministerin|könig|königin|kaiser|kaiserin|diktator|diktatorin|staatschef
regierungschef|oberbefehlshaber|gesandter|gesandte|beauftragter|beauftragte|direktor
direktorin|politiker|politikerin|diplomat|diplomatin|leutnant|hauptmann|major|feldwebel
wachtmeister|rittmeister|unteroffizier|gefreiter|gefreite|korporal|kapitän|offizier
offizierin
"""))
TITLES = TITLES_IN_COMPOUNDS | frozenset(_entries("""
herr|frau|dr|dr.|prof|prof.|papst|prinz|prinzessin|fürst|fürstin|scheich|emir|zar|oberst
mr|mr.|mrs|mrs.|ms|ms.|sir|dame|lord|lady|president|chancellor|secretary|ambassador
spokesman|spokeswoman|spokesperson|mayor|governor|king|queen|prince|princess|emperor
pope|sheikh|colonel|commander|chief|chairman|chairwoman|chairperson|premier|dictator
lieutenant|captain|sergeant|corporal
"""))

GIVEN_NAMES = frozenset(_entries("""
Aaron|Abdullah|Adam|Adrian|Agnieszka|Ahmad|Ahmed|Alain|Albert|Alberto|Aleksander
Aleksandr|Alessandro|Alexander|Alexandr|Alexandra|Alexej|Alexei|Alexey|Ali|Alice|Alina
Alisher|Amelie|Ana|Andrea|Andreas|Andrej|Andrei|Andrew|Andrii|Andrij|Andriy|Andrzej|Angela
Anna|Annalena|Anne|Annegret|Anthony|Antonio|Antony|António|Antonin|Armin|Arne|Arseni
Arseniy|Arsenij|Barack|Bashar|Benjamin|Bernd|Bernie|Bill|Björn|Bob|Bohdan|Boris|Boyko
Brian|Carl|Carlos|Charles|Charlotte|Chris|Christian|Christine|Christoph|Christopher
Christian|Claudia|Daniel|Daniela|Dario|David|Denis|Denys|Dick|Dmitri|Dmitrij|Dmitry
Dmytro|Donald|Dorothee|Edi|Edgars|Edward|Elisabeth|Elizabeth|Ella|Elon|Emmanuel|Emine
Enrico|Eric|Erik|Ernst|Eva|Evika|Fabian|Felix|Florian|François|Frank
Frank-Walter|Franz|Franziska|Friedrich|Gabriel|Gabriele|Gavin|Gennadi|George|Georg
Gerhard|Giorgia|Giuseppe|Gordon|Grant|Gregor|Guido|Günter|Günther|Hakan|Hans
Harald|Heiko|Helmut|Henry|Herbert|Hillary|Horst|Hubert|Igor|Ilham|Ilya|Ingrid|Irina|Ivan
Iwan|Jacinda|Jack|Jake|Jakob|James|Jan|Janet|Jean|Jean-Claude|Jean-Noël|Jean-Yves
Jeffrey|Jens|Jeremy|Jerzy|Jim|Joachim|Joe|Johann|Johannes|John|Jonas|Jonathan|Jordan
Josep|Joseph|Joschka|Josef|Juan|Julia|Julian|Julija|Julius|Jürgen|Justin|Kaja|Kamala
Karin|Karl|Karl-Theodor|Katarina|Katharina|Kathrin|Keir|Kevin|Kim|Klaus|Kristalina
Kristen|Kristrún|Krzysztof|Kurt|Lars|Laura|Lindsey|Linda|Lloyd|Lukas|Luis|Lula|Magdalena
Maia|Manfred|Manuel|Marco|Marcus|Maria|Marie|Marie-Agnes|Marine|Mario|Marius|Mark|Marko
Markus|Martin|Mateusz|Matteo|Matthias|Max|Maxim|Michael|Michail|Michel|Micheál|Mike|Mikhail
Mohammed|Muhammad|Mykola|Nancy|Narendra|Natalia|Nicolas|Nikolai|Nikolaj|Nikol|Nils|Norbert
Olaf|Oleg|Oleh|Oleksandr|Oleksij|Oleksii|Olexander|Olexij|Olena|Oliver|Olivier|Oscar
Pascal|Patrick|Paul|Pavel|Pawel|Paweł|Pedro|Pekka|Pete|Peter|Petr|Petro|Petteri|Philipp
Pierre|Rafał|Ralf|Ramzan|Recep|Reinhard|Richard|Rishi|Robert|Roberta|Robin|Roderich
Roger|Roland|Rolf|Roman|Ron|Ronald|Rudolf|Ruslan|Rustem|Sabine|Sahra|Sanna|Sara|Sarah
Saskia|Scott|Sebastian|Sergej|Sergei|Sergey|Serhij|Serhiy|Sigmar|Simon|Sophie|Stefan
Stephan|Steffen|Stephen|Steve|Steven|Sven|Svenja|Tanja|Tarja|Theresa|Thierry|Thomas|Tim
Timo|Tobias|Tom|Tony|Ulf|Ulrich|Ulrike|Ursula|Uwe|Valdis|Valentin|Valery|Vasyl|Viktor
Viktoria|Vitali|Vitalij|Vitaliy|Vladimir|Volker|Volodymyr|Waleri|Waleryj|Walter|Wasyl
Werner|Wiktor|Wiktoria|Wilhelm|William|Witali|Wladimir|Wladislaw|Wolfgang|Wolodymyr
Xavier|Yoav|Yulia|Yuri|Yuriy|Zbigniew
"""))
