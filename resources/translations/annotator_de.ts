<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name></name>
    <message>
        <source>Actor</source>
        <translation>Akteur</translation>
    </message>
    <message>
        <source>A state, organisation, alliance or person that acts</source>
        <translation>Ein Staat, eine Organisation, ein Bündnis oder eine Person, die handelt</translation>
    </message>
    <message>
        <source>Weapon</source>
        <translation>Waffe</translation>
    </message>
    <message>
        <source>A weapon, weapon system or munition</source>
        <translation>Eine Waffe, ein Waffensystem oder Munition</translation>
    </message>
    <message>
        <source>Commitment</source>
        <translation>Zusage</translation>
    </message>
    <message>
        <source>A promise to deliver, pay for, sell or withhold something</source>
        <translation>Das Versprechen, etwas zu liefern, zu bezahlen, zu verkaufen oder zurückzuhalten</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Kategorie</translation>
    </message>
    <message>
        <source>what sort of weapon</source>
        <translation>welche Art von Waffe</translation>
    </message>
    <message>
        <source>Donor</source>
        <translation>Geber</translation>
    </message>
    <message>
        <source>who commits (pays, gives, sells)</source>
        <translation>wer zusagt (zahlt, gibt, verkauft)</translation>
    </message>
    <message>
        <source>Recipient</source>
        <translation>Empfänger</translation>
    </message>
    <message>
        <source>who receives</source>
        <translation>wer empfängt</translation>
    </message>
    <message>
        <source>Supplier</source>
        <translation>Lieferant</translation>
    </message>
    <message>
        <source>who physically supplies, if not the donor</source>
        <translation>wer tatsächlich liefert, wenn nicht der Geber</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Gegenstand</translation>
    </message>
    <message>
        <source>what is committed</source>
        <translation>was zugesagt wird</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Menge</translation>
    </message>
    <message>
        <source>how many units</source>
        <translation>wie viele Einheiten</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Einheit</translation>
    </message>
    <message>
        <source>what is counted (system, battery …)</source>
        <translation>was gezählt wird (System, Batterie …)</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>monetary value</source>
        <translation>Geldwert</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>Währung</translation>
    </message>
    <message>
        <source>ISO 4217 code, e.g. USD</source>
        <translation>ISO-4217-Code, z. B. EUR</translation>
    </message>
    <message>
        <source>Mechanism</source>
        <translation>Mechanismus</translation>
    </message>
    <message>
        <source>how the item is provided</source>
        <translation>wie der Gegenstand bereitgestellt wird</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Stufe</translation>
    </message>
    <message>
        <source>how far the commitment has got</source>
        <translation>wie weit die Zusage gediehen ist</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Datum</translation>
    </message>
    <message>
        <source>when it was made or announced</source>
        <translation>wann sie gemacht oder angekündigt wurde</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>Frist</translation>
    </message>
    <message>
        <source>when it is due</source>
        <translation>wann sie fällig ist</translation>
    </message>
    <message>
        <source>Condition</source>
        <translation>Bedingung</translation>
    </message>
    <message>
        <source>conditions attached</source>
        <translation>daran geknüpfte Bedingungen</translation>
    </message>
    <message>
        <source>Certainty</source>
        <translation>Gewissheit</translation>
    </message>
    <message>
        <source>how sure the source is</source>
        <translation>wie sicher die Quelle ist</translation>
    </message>
    <message>
        <source>Reported by</source>
        <translation>Gemeldet von</translation>
    </message>
    <message>
        <source>who reports the commitment</source>
        <translation>wer die Zusage meldet</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>Person</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>Ort</translation>
    </message>
    <message>
        <source>Object</source>
        <translation>Objekt</translation>
    </message>
    <message>
        <source>TEI with inline annotations</source>
        <translation>TEI mit Inline-Annotationen</translation>
    </message>
    <message>
        <source>Annotation table (CSV)</source>
        <translation>Annotationstabelle (CSV)</translation>
    </message>
    <message>
        <source>Annotation table (JSON Lines)</source>
        <translation>Annotationstabelle (JSON Lines)</translation>
    </message>
    <message>
        <source>Plain text</source>
        <translation>Reiner Text</translation>
    </message>
    <message>
        <source>Commitments table (CSV)</source>
        <translation>Zusagentabelle (CSV)</translation>
    </message>
    <message>
        <source>Commitments table (JSON Lines)</source>
        <translation>Zusagentabelle (JSON Lines)</translation>
    </message>
    <message>
        <source>Entities table (CSV)</source>
        <translation>Entitätentabelle (CSV)</translation>
    </message>
    <message>
        <source>brat standoff (.ann and .txt)</source>
        <translation>brat-Standoff (.ann und .txt)</translation>
    </message>
    <message>
        <source>Label Studio predictions (JSON)</source>
        <translation>Label-Studio-Vorhersagen (JSON)</translation>
    </message>
    <message>
        <source>Deals table (CSV)</source>
        <translation>Geschäftetabelle (CSV)</translation>
    </message>
    <message>
        <source>Aid type</source>
        <translation>Art der Hilfe</translation>
    </message>
    <message>
        <source>military, financial or humanitarian aid</source>
        <translation>militärische, finanzielle oder humanitäre Hilfe</translation>
    </message>
    <message>
        <source>Deal</source>
        <translation>Geschäft</translation>
    </message>
    <message>
        <source>one name for every report of the same deal, across documents (e.g. “DE–UA Patriot 2025”): the deals table follows a deal from announcement to delivery</source>
        <translation>ein Name für jede Meldung desselben Geschäfts, über Dokumente hinweg (z. B. „DE–UA Patriot 2025“): die Geschäftetabelle verfolgt ein Geschäft von der Ankündigung bis zur Lieferung</translation>
    </message>
    <message>
        <source>Figures uncertain</source>
        <translation>Zahlen unsicher</translation>
    </message>
    <message>
        <source>the source&apos;s numbers are estimates (SIPRI brackets them)</source>
        <translation>die Zahlen der Quelle sind Schätzungen (SIPRI setzt sie in Klammern)</translation>
    </message>
    <message>
        <source>Number delivered</source>
        <translation>Anzahl geliefert</translation>
    </message>
    <message>
        <source>how many units are delivered so far (SIPRI)</source>
        <translation>wie viele Einheiten bisher geliefert sind (SIPRI)</translation>
    </message>
    <message>
        <source>Number ordered</source>
        <translation>Anzahl bestellt</translation>
    </message>
    <message>
        <source>how many units are ordered or committed (SIPRI)</source>
        <translation>wie viele Einheiten bestellt oder zugesagt sind (SIPRI)</translation>
    </message>
    <message>
        <source>allocated</source>
        <translation>zugewiesen</translation>
    </message>
    <message>
        <source>military</source>
        <translation>militärisch</translation>
    </message>
    <message>
        <source>financial</source>
        <translation>finanziell</translation>
    </message>
    <message>
        <source>humanitarian</source>
        <translation>humanitär</translation>
    </message>
    <message>
        <source>air defence</source>
        <translation>Luftverteidigung</translation>
    </message>
    <message>
        <source>missile</source>
        <translation>Rakete</translation>
    </message>
    <message>
        <source>artillery</source>
        <translation>Artillerie</translation>
    </message>
    <message>
        <source>armour</source>
        <translation>Panzer</translation>
    </message>
    <message>
        <source>aircraft</source>
        <translation>Luftfahrzeug</translation>
    </message>
    <message>
        <source>drone</source>
        <translation>Drohne</translation>
    </message>
    <message>
        <source>ammunition</source>
        <translation>Munition</translation>
    </message>
    <message>
        <source>small arms</source>
        <translation>Kleinwaffen</translation>
    </message>
    <message>
        <source>other</source>
        <translation>Sonstiges</translation>
    </message>
    <message>
        <source>donation from stocks</source>
        <translation>Abgabe aus Beständen</translation>
    </message>
    <message>
        <source>sale</source>
        <translation>Verkauf</translation>
    </message>
    <message>
        <source>purchase for a third party</source>
        <translation>Kauf für Dritte</translation>
    </message>
    <message>
        <source>funding</source>
        <translation>Finanzierung</translation>
    </message>
    <message>
        <source>loan</source>
        <translation>Leihgabe</translation>
    </message>
    <message>
        <source>sanction or threat</source>
        <translation>Sanktion oder Drohung</translation>
    </message>
    <message>
        <source>announced</source>
        <translation>angekündigt</translation>
    </message>
    <message>
        <source>pledged</source>
        <translation>zugesagt</translation>
    </message>
    <message>
        <source>contracted</source>
        <translation>vertraglich vereinbart</translation>
    </message>
    <message>
        <source>delivered</source>
        <translation>geliefert</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>storniert</translation>
    </message>
    <message>
        <source>high</source>
        <translation>hoch</translation>
    </message>
    <message>
        <source>medium</source>
        <translation>mittel</translation>
    </message>
    <message>
        <source>low</source>
        <translation>niedrig</translation>
    </message>
    <message>
        <source>Annotations of all documents (CSV)</source>
        <translation>Annotationen aller Dokumente (CSV)</translation>
    </message>
    <message>
        <source>Annotations of all documents (JSON Lines)</source>
        <translation>Annotationen aller Dokumente (JSON Lines)</translation>
    </message>
    <message>
        <source>Commitments of all documents (CSV)</source>
        <translation>Zusagen aller Dokumente (CSV)</translation>
    </message>
    <message>
        <source>Commitments of all documents (JSON Lines)</source>
        <translation>Zusagen aller Dokumente (JSON Lines)</translation>
    </message>
    <message>
        <source>Entities per document (CSV)</source>
        <translation>Entitäten je Dokument (CSV)</translation>
    </message>
    <message>
        <source>Entities per document (JSON Lines)</source>
        <translation>Entitäten je Dokument (JSON Lines)</translation>
    </message>
    <message>
        <source>Deals across all documents (CSV)</source>
        <translation>Geschäfte über alle Dokumente (CSV)</translation>
    </message>
    <message>
        <source>Deals across all documents (JSON Lines)</source>
        <translation>Geschäfte über alle Dokumente (JSON Lines)</translation>
    </message>
    <message>
        <source>Annotations of all documents (Parquet)</source>
        <translation>Annotationen aller Dokumente (Parquet)</translation>
    </message>
    <message>
        <source>Commitments of all documents (Parquet)</source>
        <translation>Zusagen aller Dokumente (Parquet)</translation>
    </message>
    <message>
        <source>Entities per document (Parquet)</source>
        <translation>Entitäten je Dokument (Parquet)</translation>
    </message>
    <message>
        <source>Deals across all documents (Parquet)</source>
        <translation>Geschäfte über alle Dokumente (Parquet)</translation>
    </message>
    <message>
        <source>person</source>
        <translation>Person</translation>
    </message>
    <message>
        <source>organisation</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <source>place</source>
        <translation>Ort</translation>
    </message>
    <message>
        <source>object</source>
        <translation>Objekt</translation>
    </message>
    <message>
        <source>persons</source>
        <translation>Personen</translation>
    </message>
    <message>
        <source>organisations</source>
        <translation>Organisationen</translation>
    </message>
    <message>
        <source>places</source>
        <translation>Orte</translation>
    </message>
    <message>
        <source>objects</source>
        <translation>Objekte</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Tags</translation>
    </message>
    <message>
        <source>&amp;New from Text…</source>
        <translation>&amp;Neu aus Text…</translation>
    </message>
    <message>
        <source>Start annotating a plain-text article</source>
        <translation>Einen Artikel aus reinem Text annotieren</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>Ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>Open an annotated TEI file or a text file</source>
        <translation>Eine annotierte TEI-Datei oder eine Textdatei öffnen</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Speichern</translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation>Speichern &amp;unter…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>New &amp;Corpus…</source>
        <translation>Neues &amp;Korpus…</translation>
    </message>
    <message>
        <source>Make a corpus: a folder of documents with one tagset and one entity register</source>
        <translation>Ein Korpus anlegen: ein Ordner mit Dokumenten, einem Tagset und einem Entitätenregister</translation>
    </message>
    <message>
        <source>Open Cor&amp;pus…</source>
        <translation>Kor&amp;pus öffnen…</translation>
    </message>
    <message>
        <source>Open a corpus folder</source>
        <translation>Einen Korpusordner öffnen</translation>
    </message>
    <message>
        <source>Close Corpus</source>
        <translation>Korpus schließen</translation>
    </message>
    <message>
        <source>&amp;Get a Team Corpus…</source>
        <translation>&amp;Team-Korpus holen…</translation>
    </message>
    <message>
        <source>Copy a team&apos;s corpus from its Git remote into a new folder and open it</source>
        <translation>Das Korpus eines Teams von seinem Git-Remote in einen neuen Ordner kopieren und öffnen</translation>
    </message>
    <message>
        <source>&amp;Add Documents…</source>
        <translation>Dokumente &amp;hinzufügen…</translation>
    </message>
    <message>
        <source>Import text files, TEI documents and news pages saved as HTML</source>
        <translation>Textdateien, TEI-Dokumente und als HTML gespeicherte Nachrichtenseiten importieren</translation>
    </message>
    <message>
        <source>Add a &amp;Folder…</source>
        <translation>O&amp;rdner hinzufügen…</translation>
    </message>
    <message>
        <source>Import every text, TEI and HTML file of a folder and its subfolders</source>
        <translation>Alle Text-, TEI- und HTML-Dateien eines Ordners und seiner Unterordner importieren</translation>
    </message>
    <message>
        <source>&amp;Next Document</source>
        <translation>&amp;Nächstes Dokument</translation>
    </message>
    <message>
        <source>Open the next document of the corpus list</source>
        <translation>Das nächste Dokument der Korpusliste öffnen</translation>
    </message>
    <message>
        <source>&amp;Previous Document</source>
        <translation>&amp;Vorheriges Dokument</translation>
    </message>
    <message>
        <source>Open the previous document of the corpus list</source>
        <translation>Das vorherige Dokument der Korpusliste öffnen</translation>
    </message>
    <message>
        <source>&amp;Search Corpus…</source>
        <translation>Korpus &amp;durchsuchen…</translation>
    </message>
    <message>
        <source>Find words and phrases in every document; annotate all hits</source>
        <translation>Wörter und Wendungen in allen Dokumenten finden; alle Treffer annotieren</translation>
    </message>
    <message>
        <source>Document &amp;Metadata…</source>
        <translation>Dokument-&amp;Metadaten…</translation>
    </message>
    <message>
        <source>Title, outlet, date, URL, author and language of the document, and your status</source>
        <translation>Titel, Medium, Datum, URL, Autor und Sprache des Dokuments und Ihr Stand</translation>
    </message>
    <message>
        <source>Commitments C&amp;hart…</source>
        <translation>Zusagen-Dia&amp;gramm…</translation>
    </message>
    <message>
        <source>Commitments over time by donor, of one stage or all; save it as PNG or SVG</source>
        <translation>Zusagen im Zeitverlauf nach Geber, einer Stufe oder aller; als PNG oder SVG speichern</translation>
    </message>
    <message>
        <source>A&amp;greement…</source>
        <translation>Ü&amp;bereinstimmung…</translation>
    </message>
    <message>
        <source>How far the annotators agree (gamma, unitizing alpha, span F1, commitment fields) and where they differ</source>
        <translation>Wie weit die Annotierenden übereinstimmen (Gamma, Unitizing-Alpha, Span-F1, Felder der Zusagen) und wo sie abweichen</translation>
    </message>
    <message>
        <source>S&amp;ync</source>
        <translation>S&amp;ynchronisieren</translation>
    </message>
    <message>
        <source>Sync &amp;With a Remote…</source>
        <translation>Mi&amp;t einem Remote synchronisieren…</translation>
    </message>
    <message>
        <source>Give the corpus a Git remote (or another one) and sync with it</source>
        <translation>Dem Korpus ein Git-Remote geben (oder ein anderes) und damit synchronisieren</translation>
    </message>
    <message>
        <source>&amp;Take Next Document</source>
        <translation>Dokument aus der &amp;Warteschlange nehmen</translation>
    </message>
    <message>
        <source>Take the next document that still needs annotators, and open it</source>
        <translation>Das nächste Dokument nehmen, das noch Annotierende braucht, und es öffnen</translation>
    </message>
    <message>
        <source>Decide C&amp;onflicts…</source>
        <translation>K&amp;onflikte entscheiden…</translation>
    </message>
    <message>
        <source>Decide the conflicts a sync kept (both versions are in the corpus)</source>
        <translation>Die Konflikte entscheiden, die eine Synchronisation bewahrt hat (beide Fassungen sind im Korpus)</translation>
    </message>
    <message>
        <source>C&amp;urate Document…</source>
        <translation>Dokument k&amp;uratieren…</translation>
    </message>
    <message>
        <source>All annotators&apos; annotations of the document together: take what they agree on, decide where they differ</source>
        <translation>Die Annotationen aller Annotierenden des Dokuments zusammen: übernehmen, worin sie übereinstimmen, entscheiden, wo sie abweichen</translation>
    </message>
    <message>
        <source>&amp;Check Corpus</source>
        <translation>Korpus &amp;prüfen</translation>
    </message>
    <message>
        <source>Validate every file of the corpus and list the problems</source>
        <translation>Jede Datei des Korpus validieren und die Probleme auflisten</translation>
    </message>
    <message>
        <source>Open another tool&apos;s annotations as a new document</source>
        <translation>Annotationen eines anderen Werkzeugs als neues Dokument öffnen</translation>
    </message>
    <message>
        <source>Write the annotations for another tool</source>
        <translation>Die Annotationen für ein anderes Werkzeug schreiben</translation>
    </message>
    <message>
        <source>Taken</source>
        <translation>Übernommen</translation>
    </message>
    <message>
        <source>Edited</source>
        <translation>Bearbeitet</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Verworfen</translation>
    </message>
    <message>
        <source>Edit the Curated Annotation</source>
        <translation>Kuratierte Annotation bearbeiten</translation>
    </message>
    <message>
        <source>Start from:</source>
        <translation>Ausgehend von:</translation>
    </message>
    <message>
        <source>From character:</source>
        <translation>Ab Zeichen:</translation>
    </message>
    <message>
        <source>To character:</source>
        <translation>Bis Zeichen:</translation>
    </message>
    <message>
        <source>Text:</source>
        <translation>Text:</translation>
    </message>
    <message>
        <source>(no text: the end must come after the start)</source>
        <translation>(kein Text: das Ende muss nach dem Anfang liegen)</translation>
    </message>
    <message>
        <source>“%1”</source>
        <translation>„%1“</translation>
    </message>
    <message>
        <source>Curation of %1</source>
        <translation>Kuratierung von %1</translation>
    </message>
    <message>
        <source>Curated (%1)</source>
        <translation>Kuratiert (%1)</translation>
    </message>
    <message numerus="yes">
        <source>%Ln agreed annotation(s) taken into the curated layer</source>
        <translation>
            <numerusform>%Ln übereinstimmende Annotation in die kuratierte Fassung übernommen</numerusform>
            <numerusform>%Ln übereinstimmende Annotationen in die kuratierte Fassung übernommen</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Decide</source>
        <translation>&amp;Entscheiden</translation>
    </message>
    <message>
        <source>Take %1&apos;s Version</source>
        <translation>Version von %1 übernehmen</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Bearbeiten…</translation>
    </message>
    <message>
        <source>Re&amp;ject</source>
        <translation>&amp;Verwerfen</translation>
    </message>
    <message>
        <source>Re&amp;open Decision</source>
        <translation>Entscheidung wieder ö&amp;ffnen</translation>
    </message>
    <message>
        <source>&amp;Next</source>
        <translation>&amp;Nächste</translation>
    </message>
    <message>
        <source>&amp;Previous</source>
        <translation>V&amp;orige</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Rückgängig</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>Wieder&amp;herstellen</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Schließen</translation>
    </message>
    <message>
        <source>&lt;b&gt;Nothing to decide.&lt;/b&gt; Every annotation is agreed or decided; the curated layer is complete.</source>
        <translation>&lt;b&gt;Nichts zu entscheiden.&lt;/b&gt; Jede Annotation ist übereinstimmend oder entschieden; die kuratierte Fassung ist vollständig.</translation>
    </message>
    <message>
        <source>Decided by %1 at %2.</source>
        <translation>Entschieden von %1 am %2.</translation>
    </message>
    <message>
        <source>U reopens this decision.</source>
        <translation>U öffnet diese Entscheidung wieder.</translation>
    </message>
    <message>
        <source>Disagreement %1 of %2</source>
        <translation>Abweichung %1 von %2</translation>
    </message>
    <message>
        <source>nothing here</source>
        <translation>hier nichts</translation>
    </message>
    <message>
        <source>1–%1 take that annotator&apos;s version · E edit · R reject · J/K next/previous · Ctrl+Z undo</source>
        <translation>1–%1 Version dieser Person übernehmen · E bearbeiten · R verwerfen · J/K nächste/vorige · Strg+Z rückgängig</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>Verwerfen</translation>
    </message>
    <message>
        <source>Could not edit the annotation</source>
        <translation>Die Annotation konnte nicht bearbeitet werden</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>Bearbeiten</translation>
    </message>
    <message>
        <source>Reopen Decision</source>
        <translation>Entscheidung wieder öffnen</translation>
    </message>
    <message>
        <source>The curated layer is not saved</source>
        <translation>Die kuratierte Fassung ist nicht gespeichert</translation>
    </message>
    <message>
        <source>Could not save the curated layer</source>
        <translation>Die kuratierte Fassung konnte nicht gespeichert werden</translation>
    </message>
    <message numerus="yes">
        <source>Saved; %Ln disagreement(s) left</source>
        <translation>
            <numerusform>Gespeichert; %Ln Abweichung offen</numerusform>
            <numerusform>Gespeichert; %Ln Abweichungen offen</numerusform>
        </translation>
    </message>
    <message>
        <source>Curation</source>
        <translation>Kuratierung</translation>
    </message>
    <message>
        <source>The last decisions could not be saved. Close anyway and lose them?</source>
        <translation>Die letzten Entscheidungen konnten nicht gespeichert werden. Trotzdem schließen und sie verlieren?</translation>
    </message>
    <message>
        <source>&amp;Delete Annotation</source>
        <translation>Annotation &amp;löschen</translation>
    </message>
    <message>
        <source>Remove the selected annotation</source>
        <translation>Die ausgewählte Annotation entfernen</translation>
    </message>
    <message>
        <source>Add Selection to Annot&amp;ation</source>
        <translation>Auswahl zur Annotation &amp;hinzufügen</translation>
    </message>
    <message>
        <source>Add the selected text to the annotation selected before it, as a separate range of the same annotation</source>
        <translation>Den ausgewählten Text der zuvor ausgewählten Annotation hinzufügen, als eigenen Bereich derselben Annotation</translation>
    </message>
    <message>
        <source>Remove Clicked &amp;Piece</source>
        <translation>Angeklicktes &amp;Stück entfernen</translation>
    </message>
    <message>
        <source>Take the piece that was clicked from the selected annotation (one of several separate ranges)</source>
        <translation>Das angeklickte Stück aus der ausgewählten Annotation nehmen (einen von mehreren getrennten Bereichen)</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>&amp;Suchen…</translation>
    </message>
    <message>
        <source>Find &amp;Next</source>
        <translation>&amp;Weitersuchen</translation>
    </message>
    <message>
        <source>Select the next match of the find bar&apos;s text</source>
        <translation>Den nächsten Treffer des Suchtextes auswählen</translation>
    </message>
    <message>
        <source>Find Pre&amp;vious</source>
        <translation>&amp;Vorherigen suchen</translation>
    </message>
    <message>
        <source>Select the match before</source>
        <translation>Den Treffer davor auswählen</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>&amp;Vergrößern</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation>Ver&amp;kleinern</translation>
    </message>
    <message>
        <source>&amp;Reset Zoom</source>
        <translation>&amp;Zoom zurücksetzen</translation>
    </message>
    <message>
        <source>Show &amp;Notes</source>
        <translation>&amp;Notizen zeigen</translation>
    </message>
    <message>
        <source>Show the notes of a TEI document after their paragraph, or hide them</source>
        <translation>Die Notizen eines TEI-Dokuments nach ihrem Absatz zeigen oder ausblenden</translation>
    </message>
    <message>
        <source>Show Existing &amp;Markup</source>
        <translation>Vorhandenes &amp;Markup zeigen</translation>
    </message>
    <message>
        <source>Underline the names the TEI file already marks (persName, placeName …)</source>
        <translation>Die Namen unterstreichen, die die TEI-Datei schon auszeichnet (persName, placeName …)</translation>
    </message>
    <message>
        <source>Show Original &amp;Spellings</source>
        <translation>&amp;Originalschreibungen zeigen</translation>
    </message>
    <message>
        <source>Show the source&apos;s reading of a TEI &lt;choice&gt; (sic, orig, abbr) instead of the edited one (corr, reg, expan); reopens the document</source>
        <translation>Die Lesart der Quelle in einem TEI-&lt;choice&gt; (sic, orig, abbr) statt der bearbeiteten (corr, reg, expan) zeigen; öffnet das Dokument neu</translation>
    </message>
    <message>
        <source>Annotate Existing &amp;Markup…</source>
        <translation>Vorhandenes &amp;Markup annotieren…</translation>
    </message>
    <message>
        <source>Turn the names the TEI file already marks into annotations</source>
        <translation>Die Namen, die die TEI-Datei schon auszeichnet, zu Annotationen machen</translation>
    </message>
    <message>
        <source>Edit &amp;Tagset…</source>
        <translation>&amp;Tagset bearbeiten…</translation>
    </message>
    <message>
        <source>Add, rename and recolour tags, set their keys and define their attributes</source>
        <translation>Tags hinzufügen, umbenennen und umfärben, ihre Tasten festlegen und ihre Attribute definieren</translation>
    </message>
    <message>
        <source>Open Annotated &amp;Example</source>
        <translation>Annotiertes &amp;Beispiel öffnen</translation>
    </message>
    <message>
        <source>The sample article with every actor, weapon and commitment annotated: a model to learn from</source>
        <translation>Der Beispielartikel mit allen Akteuren, Waffen und Zusagen annotiert: ein Vorbild zum Lernen</translation>
    </message>
    <message>
        <source>&amp;About Annotator</source>
        <translation>&amp;Über Annotator</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>&amp;Importieren</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>&amp;Exportieren</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;Annotate</source>
        <translation>&amp;Annotieren</translation>
    </message>
    <message>
        <source>&amp;Corpus</source>
        <translation>&amp;Korpus</translation>
    </message>
    <message>
        <source>&amp;Export Tables</source>
        <translation>Tabellen e&amp;xportieren</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>A&amp;nsicht</translation>
    </message>
    <message>
        <source>Annotation &amp;List</source>
        <translation>Annotations&amp;liste</translation>
    </message>
    <message>
        <source>&amp;Entities</source>
        <translation>&amp;Entitäten</translation>
    </message>
    <message>
        <source>&amp;Attributes</source>
        <translation>&amp;Attribute</translation>
    </message>
    <message>
        <source>&amp;Document Info</source>
        <translation>&amp;Dokumentinfo</translation>
    </message>
    <message>
        <source>&amp;Tag Bar</source>
        <translation>&amp;Tag-Leiste</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>Clear Menu</source>
        <translation>Menü leeren</translation>
    </message>
    <message>
        <source>Tag as:</source>
        <translation>Taggen als:</translation>
    </message>
    <message>
        <source>Tag the selection as {tag}</source>
        <translation>Die Auswahl als {tag} taggen</translation>
    </message>
    <message>
        <source> (key {key})</source>
        <translation> (Taste {key})</translation>
    </message>
    <message>
        <source>Open a TEI document that marks up names ({elements}) first</source>
        <translation>Öffnen Sie zuerst ein TEI-Dokument, das Namen auszeichnet ({elements})</translation>
    </message>
    <message>
        <source>This document has no names marked up ({elements})</source>
        <translation>Dieses Dokument zeichnet keine Namen aus ({elements})</translation>
    </message>
    <message>
        <source>About Annotator</source>
        <translation>Über Annotator</translation>
    </message>
    <message>
        <source>Unexpected error</source>
        <translation>Unerwarteter Fehler</translation>
    </message>
    <message>
        <source>Something went wrong. Your document is still open; save it under a new name to be safe.</source>
        <translation>Etwas ist schiefgegangen. Ihr Dokument ist noch offen; speichern Sie es sicherheitshalber unter einem neuen Namen.</translation>
    </message>
    <message>
        <source>Your name, e.g. Ada Lovelace</source>
        <translation>Ihr Name, z. B. Ada Lovelace</translation>
    </message>
    <message>
        <source>Written into the TEI header of every file you save, as the person responsible for the annotations and in its revision history, and into the annotator column of exported tables</source>
        <translation>Wird in den TEI-Header jeder gespeicherten Datei geschrieben, als für die Annotationen verantwortliche Person und in ihre Versionsgeschichte, und in die Spalte „annotator“ exportierter Tabellen</translation>
    </message>
    <message>
        <source>Welcome to Annotator</source>
        <translation>Willkommen bei Annotator</translation>
    </message>
    <message>
        <source>&lt;b&gt;Who is annotating?&lt;/b&gt;</source>
        <translation>&lt;b&gt;Wer annotiert?&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Annotator writes your name into every file you save: into its TEI header as the person responsible for the annotations and into its revision history, and into the annotator column of exported tables. Colleagues who open your files see it.</source>
        <translation>Annotator schreibt Ihren Namen in jede Datei, die Sie speichern: in ihren TEI-Header als die für die Annotationen verantwortliche Person und in ihre Versionsgeschichte, und in die Spalte „annotator“ exportierter Tabellen. Kolleginnen und Kollegen, die Ihre Dateien öffnen, sehen ihn.</translation>
    </message>
    <message>
        <source>Your &amp;name:</source>
        <translation>Ihr &amp;Name:</translation>
    </message>
    <message>
        <source>You can change it at any time in &lt;i&gt;Edit ▸ Preferences&lt;/i&gt;. &lt;i&gt;Later&lt;/i&gt; records your annotations as “Anonymous” until you give a name, and asks again at the next start.</source>
        <translation>Sie können ihn jederzeit unter &lt;i&gt;Bearbeiten ▸ Einstellungen&lt;/i&gt; ändern. &lt;i&gt;Später&lt;/i&gt; verzeichnet Ihre Annotationen als „Anonymous“, bis Sie einen Namen angeben, und fragt beim nächsten Start erneut.</translation>
    </message>
    <message>
        <source>&amp;Continue</source>
        <translation>&amp;Weiter</translation>
    </message>
    <message>
        <source>&amp;Later</source>
        <translation>&amp;Später</translation>
    </message>
    <message>
        <source>Preferences</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Extend selections to whole words</source>
        <translation>Auswahl auf ganze Wörter erweitern</translation>
    </message>
    <message>
        <source>Keep the previous version as NAME.xml.bak when saving</source>
        <translation>Beim Speichern die vorige Fassung als NAME.xml.bak behalten</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>Sprache des Systems</translation>
    </message>
    <message>
        <source>The language of the window; it changes at the next start of Annotator</source>
        <translation>Die Sprache des Fensters; sie wechselt beim nächsten Start von Annotator</translation>
    </message>
    <message>
        <source>Annotator name:</source>
        <translation>Name der annotierenden Person:</translation>
    </message>
    <message>
        <source>Names your annotation files and assignments in a corpus; it stays when you change your name</source>
        <translation>Benennt Ihre Annotationsdateien und Zuweisungen in einem Korpus; sie bleibt, wenn Sie Ihren Namen ändern</translation>
    </message>
    <message>
        <source>Annotator id:</source>
        <translation>Kennung:</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Sprache:</translation>
    </message>
    <message>
        <source>made from your name</source>
        <translation>aus Ihrem Namen gebildet</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source>Select text (keyboard)</source>
        <translation>Text auswählen (Tastatur)</translation>
    </message>
    <message>
        <source>Shift+Arrows</source>
        <translation>Umschalt+Pfeiltasten</translation>
    </message>
    <message>
        <source>Select annotation under the mouse; again: the next stacked one</source>
        <translation>Annotation unter der Maus auswählen; erneut: die nächste darunterliegende</translation>
    </message>
    <message>
        <source>Click</source>
        <translation>Klick</translation>
    </message>
    <message>
        <source>Clear selection; close the find bar</source>
        <translation>Auswahl aufheben; Suchleiste schließen</translation>
    </message>
    <message>
        <source>Esc</source>
        <translation>Esc</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source>… and {count} more (see details)</source>
        <translation>… und {count} weitere (siehe Details)</translation>
    </message>
    <message>
        <source>&lt;p&gt;Highlight and tag spans of an article, and save them as TEI P5.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Textstellen eines Artikels markieren und taggen und als TEI P5 speichern.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Select text and press a tag&apos;s key (1, 2, 3…) or click its button. Click a highlight to select it; Delete removes it, a tag key retags it.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Wählen Sie Text aus und drücken Sie die Taste eines Tags (1, 2, 3 …) oder klicken Sie auf seine Schaltfläche. Ein Klick auf eine Markierung wählt sie aus; Entf entfernt sie, eine Tag-Taste taggt sie um.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Licensed under the GNU GPL, version 3 or later.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Lizenziert unter der GNU GPL, Version 3 oder später.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Find:</source>
        <translation>Suchen:</translation>
    </message>
    <message>
        <source>Text to find (Enter: next match, Esc: close)</source>
        <translation>Suchtext (Eingabe: nächster Treffer, Esc: schließen)</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Weiter</translation>
    </message>
    <message>
        <source>Find next (Enter, F3)</source>
        <translation>Weitersuchen (Eingabe, F3)</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>Schließen (Esc)</translation>
    </message>
    <message>
        <source>View ▸ Show Notes shows them</source>
        <translation>Ansicht ▸ Notizen zeigen zeigt sie</translation>
    </message>
    <message>
        <source>Open an annotated TEI file (Ctrl+O) or start from a plain-text article (File ▸ New from Text…). You can also drop a file here.</source>
        <translation>Öffnen Sie eine annotierte TEI-Datei (Strg+O) oder beginnen Sie mit einem Artikel aus reinem Text (Datei ▸ Neu aus Text…). Sie können auch eine Datei hierher ziehen.</translation>
    </message>
    <message>
        <source>● Unsaved changes</source>
        <translation>● Ungespeicherte Änderungen</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>Gespeichert</translation>
    </message>
    <message>
        <source>Not saved yet</source>
        <translation>Noch nicht gespeichert</translation>
    </message>
    <message>
        <source>Nothing to tag: the selection is only white space</source>
        <translation>Nichts zu taggen: die Auswahl ist nur Leerraum</translation>
    </message>
    <message>
        <source>Tagged “{text}” as {tag}</source>
        <translation>„{text}“ als {tag} getaggt</translation>
    </message>
    <message>
        <source> — it takes in the text of a hidden note</source>
        <translation> — sie schließt den Text einer ausgeblendeten Notiz ein</translation>
    </message>
    <message>
        <source>Retagged “{text}” as {tag}</source>
        <translation>„{text}“ als {tag} umgetaggt</translation>
    </message>
    <message>
        <source>Select some text to tag, or click an annotation to retag it</source>
        <translation>Wählen Sie Text zum Taggen aus oder klicken Sie eine Annotation an, um sie umzutaggen</translation>
    </message>
    <message>
        <source>Click an annotation, then select the text to add to it</source>
        <translation>Klicken Sie eine Annotation an und wählen Sie dann den Text aus, der zu ihr hinzukommen soll</translation>
    </message>
    <message>
        <source>Nothing to add: the selection is only white space</source>
        <translation>Nichts hinzuzufügen: die Auswahl besteht nur aus Leerraum</translation>
    </message>
    <message numerus="yes">
        <source>Added “{text}” to {tag} “{annotation}” (%Ln range(s))</source>
        <translation>
            <numerusform>„{text}“ zu {tag} „{annotation}“ hinzugefügt (%Ln Bereich)</numerusform>
            <numerusform>„{text}“ zu {tag} „{annotation}“ hinzugefügt (%Ln Bereiche)</numerusform>
        </translation>
    </message>
    <message>
        <source>Click the piece of an annotation to remove</source>
        <translation>Klicken Sie das Stück einer Annotation an, das entfernt werden soll</translation>
    </message>
    <message>
        <source>This annotation has one piece only: delete it instead</source>
        <translation>Diese Annotation hat nur ein Stück: löschen Sie sie stattdessen</translation>
    </message>
    <message>
        <source>Removed “{text}” from {tag} “{annotation}”</source>
        <translation>„{text}“ aus {tag} „{annotation}“ entfernt</translation>
    </message>
    <message>
        <source>Click an annotation to select it first</source>
        <translation>Klicken Sie zuerst eine Annotation an, um sie auszuwählen</translation>
    </message>
    <message>
        <source>Deleted “{text}”</source>
        <translation>„{text}“ gelöscht</translation>
    </message>
    <message numerus="yes">
        <source> and cleared %Ln reference(s) to it (Ctrl+Z restores both)</source>
        <translation>
            <numerusform> und %Ln Verweis darauf geleert (Strg+Z stellt beides wieder her)</numerusform>
            <numerusform> und %Ln Verweise darauf geleert (Strg+Z stellt beides wieder her)</numerusform>
        </translation>
    </message>
    <message>
        <source>• {tag} “{text}” names it as {field}</source>
        <translation>• {tag} „{text}“ nennt sie als {field}</translation>
    </message>
    <message numerus="yes">
        <source>• … and %Ln more</source>
        <translation>
            <numerusform>• … und %Ln weitere</numerusform>
            <numerusform>• … und %Ln weitere</numerusform>
        </translation>
    </message>
    <message>
        <source>Deleting it clears these fields. Undo brings back both the annotation and the fields.</source>
        <translation>Das Löschen leert diese Felder. Rückgängig bringt die Annotation und die Felder zurück.</translation>
    </message>
    <message>
        <source>Delete Annotation</source>
        <translation>Annotation löschen</translation>
    </message>
    <message>
        <source>Other annotations refer to “{text}”.</source>
        <translation>Andere Annotationen verweisen auf „{text}“.</translation>
    </message>
    <message>
        <source>Delete and Clear</source>
        <translation>Löschen und leeren</translation>
    </message>
    <message>
        <source>{n} of {total}</source>
        <translation>{n} von {total}</translation>
    </message>
    <message>
        <source>, wrapped around</source>
        <translation>, von vorn begonnen</translation>
    </message>
    <message>
        <source>, in a hidden note</source>
        <translation>, in einer ausgeblendeten Notiz</translation>
    </message>
    <message>
        <source>TEI documents (*.xml *.tei);;Text files (*.txt);;All files (*)</source>
        <translation>TEI-Dokumente (*.xml *.tei);;Textdateien (*.txt);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Text files (*.txt *.text *.md);;All files (*)</source>
        <translation>Textdateien (*.txt *.text *.md);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Untitled</source>
        <translation>Unbenannt</translation>
    </message>
    <message>
        <source>New from Text</source>
        <translation>Neu aus Text</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <source>Opening {name}</source>
        <translation>{name} wird geöffnet</translation>
    </message>
    <message>
        <source>Opening {name} cancelled</source>
        <translation>Öffnen von {name} abgebrochen</translation>
    </message>
    <message>
        <source>Could not open {name}</source>
        <translation>{name} konnte nicht geöffnet werden</translation>
    </message>
    <message>
        <source>{name} was not opened</source>
        <translation>{name} wurde nicht geöffnet</translation>
    </message>
    <message>
        <source>Opened {name}</source>
        <translation>{name} geöffnet</translation>
    </message>
    <message numerus="yes">
        <source> with %Ln annotation(s)</source>
        <translation>
            <numerusform> mit %Ln Annotation</numerusform>
            <numerusform> mit %Ln Annotationen</numerusform>
        </translation>
    </message>
    <message>
        <source>{name} is not what it seems</source>
        <translation>{name} ist nicht, was es scheint</translation>
    </message>
    <message>
        <source>It was opened as it is. Check these places before you work on it: a save keeps what is shown now.</source>
        <translation>Die Datei wurde geöffnet, wie sie ist. Prüfen Sie diese Stellen, bevor Sie daran arbeiten: Speichern behält, was jetzt gezeigt wird.</translation>
    </message>
    <message>
        <source>Could not open the annotated example</source>
        <translation>Das annotierte Beispiel konnte nicht geöffnet werden</translation>
    </message>
    <message numerus="yes">
        <source>Opened the annotated example: %Ln annotation(s). Click a commitment to see its fields and links; Save keeps your own copy.</source>
        <translation>
            <numerusform>Annotiertes Beispiel geöffnet: %Ln Annotation. Klicken Sie eine Zusage an, um ihre Felder und Verknüpfungen zu sehen; Speichern behält Ihre eigene Kopie.</numerusform>
            <numerusform>Annotiertes Beispiel geöffnet: %Ln Annotationen. Klicken Sie eine Zusage an, um ihre Felder und Verknüpfungen zu sehen; Speichern behält Ihre eigene Kopie.</numerusform>
        </translation>
    </message>
    <message>
        <source>Restored work needs a new name</source>
        <translation>Die wiederhergestellte Arbeit braucht einen neuen Namen</translation>
    </message>
    <message>
        <source>File changed since the crash</source>
        <translation>Datei seit dem Absturz geändert</translation>
    </message>
    <message>
        <source>“{name}” was changed by another program after Annotator stopped. Your restored work is based on the version before that.</source>
        <translation>„{name}“ wurde von einem anderen Programm geändert, nachdem Annotator beendet wurde. Ihre wiederhergestellte Arbeit beruht auf der Fassung davor.</translation>
    </message>
    <message>
        <source>Keep working: when you save, you will be asked before their changes are overwritten. Or save your restored work under another name now, so that both are kept.</source>
        <translation>Arbeiten Sie weiter: Beim Speichern werden Sie gefragt, bevor die fremden Änderungen überschrieben werden. Oder speichern Sie Ihre wiederhergestellte Arbeit jetzt unter einem anderen Namen, damit beide erhalten bleiben.</translation>
    </message>
    <message>
        <source>Keep Working</source>
        <translation>Weiterarbeiten</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Andere</translation>
    </message>
    <message>
        <source>(no donor)</source>
        <translation>(kein Geber)</translation>
    </message>
    <message>
        <source>Commitments over time, by donor</source>
        <translation>Zusagen im Zeitverlauf, nach Geber</translation>
    </message>
    <message>
        <source>No dated commitments to show</source>
        <translation>Keine datierten Zusagen vorhanden</translation>
    </message>
    <message numerus="yes">
        <source>%Ln without a date</source>
        <translation>
            <numerusform>%Ln ohne Datum</numerusform>
            <numerusform>%Ln ohne Datum</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln commitment(s) without a date not shown</source>
        <translation>
            <numerusform>%Ln Zusage ohne Datum nicht gezeigt</numerusform>
            <numerusform>%Ln Zusagen ohne Datum nicht gezeigt</numerusform>
        </translation>
    </message>
    <message>
        <source>Commitments Chart</source>
        <translation>Zusagen-Diagramm</translation>
    </message>
    <message>
        <source>Stage:</source>
        <translation>Stufe:</translation>
    </message>
    <message>
        <source>All stages</source>
        <translation>Alle Stufen</translation>
    </message>
    <message>
        <source>Save As…</source>
        <translation>Speichern unter…</translation>
    </message>
    <message>
        <source>Save the chart as PNG or SVG</source>
        <translation>Das Diagramm als PNG oder SVG speichern</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Commitments over time, by donor — %1</source>
        <translation>Zusagen im Zeitverlauf, nach Geber — %1</translation>
    </message>
    <message>
        <source>Save the Chart</source>
        <translation>Diagramm speichern</translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG drawing (*.svg)</source>
        <translation>PNG-Bild (*.png);;SVG-Zeichnung (*.svg)</translation>
    </message>
    <message>
        <source>Could not save the chart</source>
        <translation>Das Diagramm konnte nicht gespeichert werden</translation>
    </message>
    <message>
        <source>original spellings</source>
        <translation>Originalschreibungen</translation>
    </message>
    <message>
        <source>edited readings</source>
        <translation>bearbeiteten Lesarten</translation>
    </message>
    <message>
        <source>TEI documents will show their {which}</source>
        <translation>TEI-Dokumente zeigen ihre {which}</translation>
    </message>
    <message>
        <source>TEI documents will show their {which} when opened again</source>
        <translation>TEI-Dokumente zeigen ihre {which}, wenn sie erneut geöffnet werden</translation>
    </message>
    <message>
        <source>{name} keeps showing the reading its annotations were made on</source>
        <translation>{name} zeigt weiter die Lesart, auf der seine Annotationen gemacht wurden</translation>
    </message>
    <message>
        <source>Showing the {which} of {name}</source>
        <translation>Die {which} von {name} werden gezeigt</translation>
    </message>
    <message>
        <source>{name} is already open in another window</source>
        <translation>{name} ist schon in einem anderen Fenster geöffnet</translation>
    </message>
    <message>
        <source>Document in use</source>
        <translation>Dokument in Benutzung</translation>
    </message>
    <message>
        <source>“{name}” is already open in another Annotator.</source>
        <translation>„{name}“ ist schon in einem anderen Annotator geöffnet.</translation>
    </message>
    <message>
        <source>Opened by {owner}.

If you both save, one of you will overwrite the other&apos;s work. Open it only if that Annotator has been closed or you will not save there.</source>
        <translation>Geöffnet von {owner}.

Wenn Sie beide speichern, überschreibt einer die Arbeit des anderen. Öffnen Sie es nur, wenn jener Annotator geschlossen ist oder Sie dort nicht speichern werden.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Open Anyway</source>
        <translation>Trotzdem öffnen</translation>
    </message>
    <message>
        <source>No changes to save</source>
        <translation>Keine Änderungen zu speichern</translation>
    </message>
    <message>
        <source>Save As</source>
        <translation>Speichern unter</translation>
    </message>
    <message>
        <source>TEI documents (*.xml)</source>
        <translation>TEI-Dokumente (*.xml)</translation>
    </message>
    <message>
        <source>Saving {name}</source>
        <translation>{name} wird gespeichert</translation>
    </message>
    <message>
        <source>Save cancelled; {name} was not written</source>
        <translation>Speichern abgebrochen; {name} wurde nicht geschrieben</translation>
    </message>
    <message>
        <source>Could not save {name}</source>
        <translation>{name} konnte nicht gespeichert werden</translation>
    </message>
    <message>
        <source>Saved {name}</source>
        <translation>{name} gespeichert</translation>
    </message>
    <message>
        <source>Cannot Save</source>
        <translation>Speichern nicht möglich</translation>
    </message>
    <message>
        <source>“{name}” {reason}, so Annotator does not save over it.</source>
        <translation>„{name}“: {reason}, deshalb speichert Annotator nicht darüber.</translation>
    </message>
    <message>
        <source>Your annotations are kept, not yet saved. Save As… writes them to a file of your own.</source>
        <translation>Ihre Annotationen bleiben erhalten, noch nicht gespeichert. Speichern unter… schreibt sie in eine eigene Datei.</translation>
    </message>
    <message>
        <source>Not saved; {name} was left as it is</source>
        <translation>Nicht gespeichert; {name} blieb, wie es war</translation>
    </message>
    <message>
        <source> Your version replaces it; theirs is kept as {name}.</source>
        <translation> Ihre Fassung ersetzt sie; die andere wird als {name} behalten.</translation>
    </message>
    <message>
        <source>File changed on disk</source>
        <translation>Datei auf der Festplatte geändert</translation>
    </message>
    <message>
        <source>“{name}” was changed by another program since you opened it.</source>
        <translation>„{name}“ wurde von einem anderen Programm geändert, seit Sie es geöffnet haben.</translation>
    </message>
    <message>
        <source>Saving here would overwrite those changes.</source>
        <translation>Speichern hier würde diese Änderungen überschreiben.</translation>
    </message>
    <message>
        <source>You can also save your version under another name.</source>
        <translation>Sie können Ihre Fassung auch unter einem anderen Namen speichern.</translation>
    </message>
    <message>
        <source>Overwrite</source>
        <translation>Überschreiben</translation>
    </message>
    <message>
        <source>Not saved; {name} keeps the other program&apos;s changes</source>
        <translation>Nicht gespeichert; {name} behält die Änderungen des anderen Programms</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Ungespeicherte Änderungen</translation>
    </message>
    <message>
        <source>“{name}” has unsaved annotations. Save them first?</source>
        <translation>„{name}“ hat ungespeicherte Annotationen. Zuerst speichern?</translation>
    </message>
    <message>
        <source>Export {format}</source>
        <translation>{format} exportieren</translation>
    </message>
    <message>
        <source>Articles (*.txt *.xml *.tei *.html *.htm);;Text files (*.txt);;TEI documents (*.xml *.tei);;Web pages (*.html *.htm);;All files (*)</source>
        <translation>Artikel (*.txt *.xml *.tei *.html *.htm);;Textdateien (*.txt);;TEI-Dokumente (*.xml *.tei);;Webseiten (*.html *.htm);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>New Corpus: Choose a New or Empty Folder</source>
        <translation>Neues Korpus: einen neuen oder leeren Ordner wählen</translation>
    </message>
    <message>
        <source>Could not make the corpus</source>
        <translation>Das Korpus konnte nicht angelegt werden</translation>
    </message>
    <message>
        <source>Made the corpus %1: add documents with Corpus ▸ Add Documents…</source>
        <translation>Korpus %1 angelegt: Dokumente mit Korpus ▸ Dokumente hinzufügen… aufnehmen</translation>
    </message>
    <message>
        <source>Open Corpus</source>
        <translation>Korpus öffnen</translation>
    </message>
    <message>
        <source>Could not open the corpus</source>
        <translation>Das Korpus konnte nicht geöffnet werden</translation>
    </message>
    <message>
        <source>Opened the corpus %1</source>
        <translation>Korpus %1 geöffnet</translation>
    </message>
    <message>
        <source>Reading the corpus %1</source>
        <translation>Korpus %1 wird gelesen</translation>
    </message>
    <message>
        <source>Reading the corpus cancelled; the list may be incomplete</source>
        <translation>Lesen des Korpus abgebrochen; die Liste ist womöglich unvollständig</translation>
    </message>
    <message>
        <source>Could not read the corpus</source>
        <translation>Das Korpus konnte nicht gelesen werden</translation>
    </message>
    <message>
        <source>Some files of the corpus could not be read</source>
        <translation>Einige Dateien des Korpus konnten nicht gelesen werden</translation>
    </message>
    <message>
        <source>The corpus opened with what it has. Corpus ▸ Check Corpus lists every problem.</source>
        <translation>Das Korpus wurde mit dem Lesbaren geöffnet. Korpus ▸ Korpus prüfen listet jedes Problem auf.</translation>
    </message>
    <message>
        <source>Opening %1</source>
        <translation>%1 wird geöffnet</translation>
    </message>
    <message>
        <source>Could not open %1</source>
        <translation>%1 konnte nicht geöffnet werden</translation>
    </message>
    <message>
        <source>This is the last document of the list</source>
        <translation>Dies ist das letzte Dokument der Liste</translation>
    </message>
    <message>
        <source>This is the first document of the list</source>
        <translation>Dies ist das erste Dokument der Liste</translation>
    </message>
    <message>
        <source>Add a Folder of Documents</source>
        <translation>Einen Ordner mit Dokumenten hinzufügen</translation>
    </message>
    <message>
        <source>Add Documents</source>
        <translation>Dokumente hinzufügen</translation>
    </message>
    <message>
        <source>Importing into the corpus</source>
        <translation>Import ins Korpus</translation>
    </message>
    <message>
        <source>Could not import</source>
        <translation>Import nicht möglich</translation>
    </message>
    <message numerus="yes">
        <source>%Ln document(s) added</source>
        <translation>
            <numerusform>%Ln Dokument hinzugefügt</numerusform>
            <numerusform>%Ln Dokumente hinzugefügt</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln skipped: the corpus has their text already</source>
        <translation>
            <numerusform>%Ln übersprungen: das Korpus enthält den Text schon</numerusform>
            <numerusform>%Ln übersprungen: das Korpus enthält ihren Text schon</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln could not be imported (listed below)</source>
        <translation>
            <numerusform>%Ln konnte nicht importiert werden (unten aufgeführt)</numerusform>
            <numerusform>%Ln konnten nicht importiert werden (unten aufgeführt)</numerusform>
        </translation>
    </message>
    <message>
        <source>the import was cancelled; the documents added before stay</source>
        <translation>der Import wurde abgebrochen; die bis dahin hinzugefügten Dokumente bleiben</translation>
    </message>
    <message>
        <source>the same text as %1</source>
        <translation>derselbe Text wie %1</translation>
    </message>
    <message>
        <source>Import into the corpus</source>
        <translation>Import ins Korpus</translation>
    </message>
    <message>
        <source>Open a document of the corpus to search in it</source>
        <translation>Öffnen Sie ein Dokument des Korpus, um darin zu suchen</translation>
    </message>
    <message>
        <source>Searching for “%1”</source>
        <translation>Suche nach „%1“</translation>
    </message>
    <message>
        <source>Search cancelled</source>
        <translation>Suche abgebrochen</translation>
    </message>
    <message>
        <source>Could not search</source>
        <translation>Suche nicht möglich</translation>
    </message>
    <message>
        <source>Annotating “%1”</source>
        <translation>„%1“ wird annotiert</translation>
    </message>
    <message>
        <source>Could not annotate all</source>
        <translation>Nicht alle konnten annotiert werden</translation>
    </message>
    <message numerus="yes">
        <source>Tagged %Ln hit(s) as %1</source>
        <translation>
            <numerusform>%Ln Treffer als %1 annotiert</numerusform>
            <numerusform>%Ln Treffer als %1 annotiert</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>in %Ln document(s)</source>
        <translation>
            <numerusform>in %Ln Dokument</numerusform>
            <numerusform>in %Ln Dokumenten</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln already had the tag</source>
        <translation>
            <numerusform>%Ln hatte das Tag schon</numerusform>
            <numerusform>%Ln hatten das Tag schon</numerusform>
        </translation>
    </message>
    <message>
        <source>Annotate all</source>
        <translation>Alle annotieren</translation>
    </message>
    <message>
        <source>Save the document first</source>
        <translation>Speichern Sie zuerst das Dokument</translation>
    </message>
    <message>
        <source>Could not read the entity register</source>
        <translation>Das Entitätenregister konnte nicht gelesen werden</translation>
    </message>
    <message>
        <source>Save the document first: “%1” is not in the register yet</source>
        <translation>Speichern Sie zuerst das Dokument: „%1“ ist noch nicht im Register</translation>
    </message>
    <message>
        <source>The corpus has no other entity of this kind</source>
        <translation>Das Korpus hat keine andere Entität dieser Art</translation>
    </message>
    <message>
        <source>Merge Into “%1”</source>
        <translation>In „%1“ zusammenführen</translation>
    </message>
    <message>
        <source>The entity to merge into “%1”. Its mentions in every document you annotated move to “%1”; other annotators&apos; files are read as merged. This cannot be undone with Undo.</source>
        <translation>Die Entität, die in „%1“ aufgehen soll. Ihre Erwähnungen in jedem Dokument, das Sie annotiert haben, gehen zu „%1“ über; die Dateien anderer Annotatoren werden als zusammengeführt gelesen. Das lässt sich nicht mit Rückgängig zurücknehmen.</translation>
    </message>
    <message>
        <source>Merging “%1”</source>
        <translation>„%1“ wird zusammengeführt</translation>
    </message>
    <message>
        <source>Could not merge</source>
        <translation>Zusammenführen nicht möglich</translation>
    </message>
    <message>
        <source>Merged “%1” into “%2”</source>
        <translation>„%1“ in „%2“ zusammengeführt</translation>
    </message>
    <message>
        <source>Split Off Documents</source>
        <translation>Dokumente abtrennen</translation>
    </message>
    <message numerus="yes">
        <source>Name of the new entity for the mentions of “%1” in %Ln document(s):</source>
        <translation>
            <numerusform>Name der neuen Entität für die Erwähnungen von „%1“ in %Ln Dokument:</numerusform>
            <numerusform>Name der neuen Entität für die Erwähnungen von „%1“ in %Ln Dokumenten:</numerusform>
        </translation>
    </message>
    <message>
        <source>Splitting “%1”</source>
        <translation>„%1“ wird abgetrennt</translation>
    </message>
    <message>
        <source>Could not split</source>
        <translation>Abtrennen nicht möglich</translation>
    </message>
    <message numerus="yes">
        <source>Split “%1” off in %Ln document(s)</source>
        <translation>
            <numerusform>„%1“ in %Ln Dokument abgetrennt</numerusform>
            <numerusform>„%1“ in %Ln Dokumenten abgetrennt</numerusform>
        </translation>
    </message>
    <message>
        <source>Some files were not changed</source>
        <translation>Einige Dateien wurden nicht geändert</translation>
    </message>
    <message>
        <source>These files could not be rewritten:</source>
        <translation>Diese Dateien konnten nicht neu geschrieben werden:</translation>
    </message>
    <message>
        <source>Open a document of the corpus first</source>
        <translation>Öffnen Sie zuerst ein Dokument des Korpus</translation>
    </message>
    <message>
        <source>Could not read the metadata</source>
        <translation>Die Metadaten konnten nicht gelesen werden</translation>
    </message>
    <message>
        <source>Could not save the metadata</source>
        <translation>Die Metadaten konnten nicht gespeichert werden</translation>
    </message>
    <message>
        <source>Metadata of %1 saved</source>
        <translation>Metadaten von %1 gespeichert</translation>
    </message>
    <message>
        <source>The status is saved with the document</source>
        <translation>Der Stand wird mit dem Dokument gespeichert</translation>
    </message>
    <message>
        <source>Could not take a document</source>
        <translation>Konnte kein Dokument nehmen</translation>
    </message>
    <message>
        <source>The queue is empty: every document has the annotators it needs</source>
        <translation>Die Warteschlange ist leer: Jedes Dokument hat so viele Annotierende, wie es braucht</translation>
    </message>
    <message>
        <source>Get a Team Corpus</source>
        <translation>Team-Korpus holen</translation>
    </message>
    <message>
        <source>The Git remote of the team&apos;s corpus: a bare repository&apos;s folder, ssh://… or https://… (your Git&apos;s SSH key or credential helper gives access)</source>
        <translation>Das Git-Remote des Team-Korpus: der Ordner eines Bare-Repositorys, ssh://… oder https://… (der SSH-Schlüssel oder Credential-Helper Ihres Git gibt Zugang)</translation>
    </message>
    <message>
        <source>No remote given; nothing was copied</source>
        <translation>Kein Remote angegeben; nichts wurde kopiert</translation>
    </message>
    <message>
        <source>A New or Empty Folder for the Corpus</source>
        <translation>Ein neuer oder leerer Ordner für das Korpus</translation>
    </message>
    <message>
        <source>Copying the corpus from %1</source>
        <translation>Das Korpus wird von %1 kopiert</translation>
    </message>
    <message>
        <source>Copying the corpus cancelled</source>
        <translation>Kopieren des Korpus abgebrochen</translation>
    </message>
    <message>
        <source>Could not get the corpus</source>
        <translation>Das Korpus konnte nicht geholt werden</translation>
    </message>
    <message>
        <source>Sync With a Remote</source>
        <translation>Mit einem Remote synchronisieren</translation>
    </message>
    <message>
        <source>The Git remote of the corpus: a bare repository&apos;s folder, ssh://… or https://… (your Git&apos;s SSH key or credential helper gives access)</source>
        <translation>Das Git-Remote des Korpus: der Ordner eines Bare-Repositorys, ssh://… oder https://… (der SSH-Schlüssel oder Credential-Helper Ihres Git gibt Zugang)</translation>
    </message>
    <message>
        <source>No remote given; nothing was synced</source>
        <translation>Kein Remote angegeben; nichts synchronisiert</translation>
    </message>
    <message>
        <source>Not synced: the open document could not be saved</source>
        <translation>Nicht synchronisiert: Das offene Dokument konnte nicht gespeichert werden</translation>
    </message>
    <message>
        <source>Syncing %1</source>
        <translation>%1 wird synchronisiert</translation>
    </message>
    <message>
        <source>Sync cancelled; the next sync finishes what it began</source>
        <translation>Synchronisation abgebrochen; die nächste bringt zu Ende, was sie begonnen hat</translation>
    </message>
    <message>
        <source>Could not sync</source>
        <translation>Konnte nicht synchronisieren</translation>
    </message>
    <message>
        <source>No conflicts to decide</source>
        <translation>Keine Konflikte zu entscheiden</translation>
    </message>
    <message>
        <source>Could not decide the conflict</source>
        <translation>Konnte den Konflikt nicht entscheiden</translation>
    </message>
    <message>
        <source>Choose a document of the corpus to curate</source>
        <translation>Wählen Sie ein Dokument des Korpus zum Kuratieren</translation>
    </message>
    <message>
        <source>Merging the annotations of %1</source>
        <translation>Die Annotationen von %1 werden zusammengeführt</translation>
    </message>
    <message>
        <source>Could not curate %1</source>
        <translation>%1 konnte nicht kuratiert werden</translation>
    </message>
    <message numerus="yes">
        <source>Committed %Ln file(s); the corpus has no remote (give one with Corpus ▸ Sync With a Remote…)</source>
        <translation>
            <numerusform>%Ln Datei committet; das Korpus hat kein Remote (eines mit Korpus ▸ Mit einem Remote synchronisieren… angeben)</numerusform>
            <numerusform>%Ln Dateien committet; das Korpus hat kein Remote (eines mit Korpus ▸ Mit einem Remote synchronisieren… angeben)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Committed %Ln file(s); the remote could not be reached, sync again later</source>
        <translation>
            <numerusform>%Ln Datei committet; das Remote war nicht erreichbar, später erneut synchronisieren</numerusform>
            <numerusform>%Ln Dateien committet; das Remote war nicht erreichbar, später erneut synchronisieren</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Synced: %Ln file(s) sent</source>
        <translation>
            <numerusform>Synchronisiert: %Ln Datei gesendet</numerusform>
            <numerusform>Synchronisiert: %Ln Dateien gesendet</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln file(s) received</source>
        <translation>
            <numerusform>%Ln Datei empfangen</numerusform>
            <numerusform>%Ln Dateien empfangen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln conflict(s) kept both versions</source>
        <translation>
            <numerusform>%Ln Konflikt hat beide Fassungen bewahrt</numerusform>
            <numerusform>%Ln Konflikte haben beide Fassungen bewahrt</numerusform>
        </translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Exporting %1</source>
        <translation>%1 wird exportiert</translation>
    </message>
    <message>
        <source>Writing %1</source>
        <translation>%1 wird geschrieben</translation>
    </message>
    <message>
        <source>Export cancelled; %1 was not written</source>
        <translation>Export abgebrochen; %1 wurde nicht geschrieben</translation>
    </message>
    <message>
        <source>Exported %1</source>
        <translation>%1 exportiert</translation>
    </message>
    <message>
        <source>These files could not be read and are left out:</source>
        <translation>Diese Dateien konnten nicht gelesen werden und fehlen:</translation>
    </message>
    <message>
        <source>Reading the commitments</source>
        <translation>Zusagen werden gelesen</translation>
    </message>
    <message>
        <source>Chart cancelled</source>
        <translation>Diagramm abgebrochen</translation>
    </message>
    <message>
        <source>Could not read the commitments</source>
        <translation>Die Zusagen konnten nicht gelesen werden</translation>
    </message>
    <message>
        <source>Commitments chart</source>
        <translation>Zusagen-Diagramm</translation>
    </message>
    <message>
        <source>Computing the agreement</source>
        <translation>Übereinstimmung wird berechnet</translation>
    </message>
    <message>
        <source>Agreement</source>
        <translation>Übereinstimmung</translation>
    </message>
    <message>
        <source>These files could not be read; their documents are left out:</source>
        <translation>Diese Dateien konnten nicht gelesen werden; ihre Dokumente bleiben außen vor:</translation>
    </message>
    <message>
        <source>Agreement cancelled</source>
        <translation>Übereinstimmung abgebrochen</translation>
    </message>
    <message>
        <source>Could not compute the agreement</source>
        <translation>Die Übereinstimmung konnte nicht berechnet werden</translation>
    </message>
    <message>
        <source>Checking the corpus</source>
        <translation>Korpus wird geprüft</translation>
    </message>
    <message>
        <source>Check cancelled</source>
        <translation>Prüfung abgebrochen</translation>
    </message>
    <message>
        <source>Problems in the corpus</source>
        <translation>Probleme im Korpus</translation>
    </message>
    <message numerus="yes">
        <source>%Ln problem(s) found:</source>
        <translation>
            <numerusform>%Ln Problem gefunden:</numerusform>
            <numerusform>%Ln Probleme gefunden:</numerusform>
        </translation>
    </message>
    <message>
        <source>Check Corpus</source>
        <translation>Korpus prüfen</translation>
    </message>
    <message>
        <source>Every file of %1 is valid.</source>
        <translation>Jede Datei von %1 ist gültig.</translation>
    </message>
    <message>
        <source>Exporting {name}</source>
        <translation>{name} wird exportiert</translation>
    </message>
    <message>
        <source>Export cancelled; {name} was not written</source>
        <translation>Export abgebrochen; {name} wurde nicht geschrieben</translation>
    </message>
    <message>
        <source>Could not export</source>
        <translation>Export nicht möglich</translation>
    </message>
    <message>
        <source>Exported {name}</source>
        <translation>{name} exportiert</translation>
    </message>
    <message>
        <source>{name} was deleted or moved by another program; Save writes it again</source>
        <translation>{name} wurde von einem anderen Programm gelöscht oder verschoben; Speichern schreibt es neu</translation>
    </message>
    <message>
        <source>“{name}” was changed by another program, and you have unsaved changes.</source>
        <translation>„{name}“ wurde von einem anderen Programm geändert, und Sie haben ungespeicherte Änderungen.</translation>
    </message>
    <message>
        <source>Reload shows the file as it is now and discards your changes. Keep My Version leaves your work as it is; when you save you will be asked before anything is overwritten.</source>
        <translation>Neu laden zeigt die Datei, wie sie jetzt ist, und verwirft Ihre Änderungen. Meine Fassung behalten lässt Ihre Arbeit, wie sie ist; beim Speichern werden Sie gefragt, bevor etwas überschrieben wird.</translation>
    </message>
    <message>
        <source>“{name}” was changed by another program.</source>
        <translation>„{name}“ wurde von einem anderen Programm geändert.</translation>
    </message>
    <message>
        <source>Reload it to see the changes?</source>
        <translation>Neu laden, um die Änderungen zu sehen?</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>Neu laden</translation>
    </message>
    <message>
        <source>Keep My Version</source>
        <translation>Meine Fassung behalten</translation>
    </message>
    <message>
        <source>The document that was open stays open, with all its changes.</source>
        <translation>Das geöffnete Dokument bleibt mit allen Änderungen offen.</translation>
    </message>
    <message>
        <source>The tagset is unchanged</source>
        <translation>Das Tagset ist unverändert</translation>
    </message>
    <message>
        <source>Tagset changed</source>
        <translation>Tagset geändert</translation>
    </message>
    <message numerus="yes">
        <source>; %Ln annotation(s) of removed tags deleted</source>
        <translation>
            <numerusform>; %Ln Annotation entfernter Tags gelöscht</numerusform>
            <numerusform>; %Ln Annotationen entfernter Tags gelöscht</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>; values no longer allowed dropped from %Ln annotation(s)</source>
        <translation>
            <numerusform>; nicht mehr erlaubte Werte aus %Ln Annotation entfernt</numerusform>
            <numerusform>; nicht mehr erlaubte Werte aus %Ln Annotationen entfernt</numerusform>
        </translation>
    </message>
    <message>
        <source> (Ctrl+Z undoes it)</source>
        <translation> (Strg+Z macht es rückgängig)</translation>
    </message>
    <message>
        <source>This document has no names marked up in its file</source>
        <translation>Die Datei dieses Dokuments zeichnet keine Namen aus</translation>
    </message>
    <message>
        <source>No element was given a tag; nothing added</source>
        <translation>Keinem Element wurde ein Tag gegeben; nichts hinzugefügt</translation>
    </message>
    <message numerus="yes">
        <source>Added %Ln annotation(s) from the file&apos;s markup (Ctrl+Z takes them all back)</source>
        <translation>
            <numerusform>%Ln Annotation aus dem Markup der Datei hinzugefügt (Strg+Z nimmt sie zurück)</numerusform>
            <numerusform>%Ln Annotationen aus dem Markup der Datei hinzugefügt (Strg+Z nimmt sie alle zurück)</numerusform>
        </translation>
    </message>
    <message>
        <source>Click an annotation to see and edit its attributes</source>
        <translation>Klicken Sie eine Annotation an, um ihre Attribute zu sehen und zu bearbeiten</translation>
    </message>
    <message>
        <source>Open a document to annotate it</source>
        <translation>Öffnen Sie ein Dokument, um es zu annotieren</translation>
    </message>
    <message>
        <source>Pick</source>
        <translation>Wählen</translation>
    </message>
    <message>
        <source>Pick the {label} in the text: press, then click the mention (Escape cancels)</source>
        <translation>{label} im Text wählen: drücken, dann die Erwähnung anklicken (Esc bricht ab)</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Zeigen</translation>
    </message>
    <message>
        <source>Nothing to show: the field is empty</source>
        <translation>Nichts zu zeigen: das Feld ist leer</translation>
    </message>
    <message>
        <source>What the entity is: it decides its TEI list (listPerson, listOrg, listPlace, listObject) and the start of its id; a state is a place of type “state”</source>
        <translation>Was die Entität ist: das bestimmt ihre TEI-Liste (listPerson, listOrg, listPlace, listObject) und den Anfang ihrer ID; ein Staat ist ein Ort vom Typ „state“</translation>
    </message>
    <message>
        <source>{tag} mentions name only {kinds}</source>
        <translation>Erwähnungen mit dem Tag {tag} nennen nur {kinds}</translation>
    </message>
    <message>
        <source>A finer class of the entity (state, alliance, city …): choose one or type your own; Enter keeps it, Escape reverts</source>
        <translation>Eine feinere Klasse der Entität (state, alliance, city …): wählen Sie eine oder tippen Sie eine eigene; Eingabe behält sie, Esc stellt zurück</translation>
    </message>
    <message>
        <source>not linked to an entity</source>
        <translation>mit keiner Entität verknüpft</translation>
    </message>
    <message>
        <source>e.g. 2 or 1.5</source>
        <translation>z. B. 2 oder 1.5</translation>
    </message>
    <message>
        <source>YYYY-MM-DD</source>
        <translation>JJJJ-MM-TT</translation>
    </message>
    <message>
        <source>No value</source>
        <translation>Kein Wert</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Ja</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Nein</translation>
    </message>
    <message>
        <source>Pick {field}</source>
        <translation>{field} wählen</translation>
    </message>
    <message>
        <source>Show {field}</source>
        <translation>{field} zeigen</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keiner</translation>
    </message>
    <message>
        <source>Entity</source>
        <translation>Entität</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message numerus="yes">
        <source>%Ln mention(s): click to show it in the Entities panel</source>
        <translation>
            <numerusform>%Ln Erwähnung: klicken, um sie im Bereich Entitäten zu zeigen</numerusform>
            <numerusform>%Ln Erwähnungen: klicken, um sie im Bereich Entitäten zu zeigen</numerusform>
        </translation>
    </message>
    <message>
        <source> or </source>
        <translation> oder </translation>
    </message>
    <message>
        <source>Attributes</source>
        <translation>Attribute</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Notiz</translation>
    </message>
    <message>
        <source>A comment on this annotation (Ctrl+Enter keeps it)</source>
        <translation>Ein Kommentar zu dieser Annotation (Strg+Eingabe behält ihn)</translation>
    </message>
    <message>
        <source>Free text, kept with the annotation; saved when you leave the field or press Ctrl+Enter, Escape reverts</source>
        <translation>Freier Text, mit der Annotation gespeichert, wenn Sie das Feld verlassen oder Strg+Eingabe drücken; Esc stellt zurück</translation>
    </message>
    <message>
        <source>Show the mention “{text}” ({id}) in the text</source>
        <translation>Die Erwähnung „{text}“ ({id}) im Text zeigen</translation>
    </message>
    <message>
        <source>Show the entity “{name}” in the Entities panel and its first mention in the text</source>
        <translation>Die Entität „{name}“ im Bereich Entitäten und ihre erste Erwähnung im Text zeigen</translation>
    </message>
    <message>
        <source>Show the entity “{name}” in the Entities panel</source>
        <translation>Die Entität „{name}“ im Bereich Entitäten zeigen</translation>
    </message>
    <message>
        <source>Nothing to show: no annotation or entity has the id {id}</source>
        <translation>Nichts zu zeigen: keine Annotation oder Entität hat die ID {id}</translation>
    </message>
    <message>
        <source>{id} (missing)</source>
        <translation>{id} (fehlt)</translation>
    </message>
    <message>
        <source>No annotation or entity has the id {id}</source>
        <translation>Keine Annotation oder Entität hat die ID {id}</translation>
    </message>
    <message numerus="yes">
        <source>, %Ln mention(s)</source>
        <translation>
            <numerusform>, %Ln Erwähnung</numerusform>
            <numerusform>, %Ln Erwähnungen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Only the %Ln nearest are listed: pick others in the text</source>
        <translation>
            <numerusform>Nur die nächste wird gezeigt: andere im Text wählen</numerusform>
            <numerusform>Nur die %Ln nächsten werden gezeigt: andere im Text wählen</numerusform>
        </translation>
    </message>
    <message>
        <source>Click the {field} in the text (an annotation tagged {tags}); Esc cancels</source>
        <translation>Klicken Sie im Text auf {field} (eine Annotation mit dem Tag {tags}); Esc bricht ab</translation>
    </message>
    <message>
        <source>No annotation of the right tag there: click another one, or press Esc</source>
        <translation>Dort ist keine Annotation mit dem passenden Tag: klicken Sie eine andere an oder drücken Sie Esc</translation>
    </message>
    <message>
        <source>“{text}” set</source>
        <translation>„{text}“ eingetragen</translation>
    </message>
    <message>
        <source>Picking cancelled</source>
        <translation>Auswahl im Text abgebrochen</translation>
    </message>
    <message>
        <source>“{text}” is in a note, and notes are hidden: {hint}</source>
        <translation>„{text}“ steht in einer Notiz, und Notizen sind ausgeblendet: {hint}</translation>
    </message>
    <message>
        <source>Not found</source>
        <translation>Nicht gefunden</translation>
    </message>
    <message>
        <source>“{text}” not found</source>
        <translation>„{text}“ nicht gefunden</translation>
    </message>
    <message>
        <source> (wrapped around to the end)</source>
        <translation> (am Ende weitergesucht)</translation>
    </message>
    <message>
        <source> (wrapped around to the start)</source>
        <translation> (am Anfang weitergesucht)</translation>
    </message>
    <message>
        <source>Found “{text}”</source>
        <translation>„{text}“ gefunden</translation>
    </message>
    <message>
        <source> in a hidden note: {hint}</source>
        <translation> in einer ausgeblendeten Notiz: {hint}</translation>
    </message>
    <message>
        <source> — new entity “{name}” ({kind})</source>
        <translation> — neue Entität „{name}“ ({kind})</translation>
    </message>
    <message>
        <source> — linked to entity {id} (Ctrl+Z undoes both)</source>
        <translation> — mit Entität {id} verknüpft (Strg+Z macht beides rückgängig)</translation>
    </message>
    <message>
        <source> — the entity “{name}”, which nothing else names, went too</source>
        <translation> — die Entität „{name}“, die sonst nichts nennt, ist mit entfernt</translation>
    </message>
    <message numerus="yes">
        <source> — %Ln entities that nothing else names went too</source>
        <translation>
            <numerusform> — %Ln Entität, die sonst nichts nennt, ist mit entfernt</numerusform>
            <numerusform> — %Ln Entitäten, die sonst nichts nennt, sind mit entfernt</numerusform>
        </translation>
    </message>
    <message>
        <source>Agreement — %1</source>
        <translation>Übereinstimmung — %1</translation>
    </message>
    <message>
        <source>&amp;Compute</source>
        <translation>&amp;Berechnen</translation>
    </message>
    <message>
        <source>Compute the agreement of the annotators ticked</source>
        <translation>Die Übereinstimmung der angehakten Annotierenden berechnen</translation>
    </message>
    <message>
        <source>Annotators:</source>
        <translation>Annotierende:</translation>
    </message>
    <message>
        <source>Tag</source>
        <translation>Tag</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>Einheiten</translation>
    </message>
    <message>
        <source>F1 exact</source>
        <translation>F1 genau</translation>
    </message>
    <message>
        <source>F1 relaxed</source>
        <translation>F1 überlappend</translation>
    </message>
    <message>
        <source>Gamma (Mathet et al. 2015): units aligned, positions and tags compared, against chance</source>
        <translation>Gamma (Mathet u. a. 2015): Einheiten einander zugeordnet, Lage und Tags verglichen, gegen den Zufall</translation>
    </message>
    <message>
        <source>Krippendorff&apos;s unitizing alpha: each tag yes or no per character</source>
        <translation>Krippendorffs Unitizing-Alpha: jedes Tag als Ja oder Nein je Zeichen</translation>
    </message>
    <message>
        <source>Commitment field</source>
        <translation>Feld der Zusage</translation>
    </message>
    <message>
        <source>Same value</source>
        <translation>Gleicher Wert</translation>
    </message>
    <message>
        <source>Aligned pairs</source>
        <translation>Zugeordnete Paare</translation>
    </message>
    <message>
        <source>&amp;Show:</source>
        <translation>&amp;Zeigen:</translation>
    </message>
    <message>
        <source>Disagreements (click or Enter: show in the document)</source>
        <translation>Abweichungen (Klick oder Eingabetaste: im Dokument zeigen)</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>First annotator</source>
        <translation>Erste Annotierende</translation>
    </message>
    <message>
        <source>Second annotator</source>
        <translation>Zweite Annotierende</translation>
    </message>
    <message>
        <source>Tick two or more annotators.</source>
        <translation>Bitte zwei oder mehr Annotierende anhaken.</translation>
    </message>
    <message>
        <source>Whole corpus</source>
        <translation>Ganzes Korpus</translation>
    </message>
    <message numerus="yes">
        <source>%Ln document(s) annotated by all of them</source>
        <translation>
            <numerusform>%Ln Dokument von allen annotiert</numerusform>
            <numerusform>%Ln Dokumente von allen annotiert</numerusform>
        </translation>
    </message>
    <message>
        <source>Annotators: %1.</source>
        <translation>Annotierende: %1.</translation>
    </message>
    <message numerus="yes">
        <source>; %Ln skipped (not annotated by all).</source>
        <translation>
            <numerusform>; %Ln ausgelassen (nicht von allen annotiert).</numerusform>
            <numerusform>; %Ln ausgelassen (nicht von allen annotiert).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Chance disorder of γ from %Ln shuffled corpus sample(s).</source>
        <translation>
            <numerusform>Zufällige Unordnung von γ aus %Ln gemischten Stichprobe des Korpus.</numerusform>
            <numerusform>Zufällige Unordnung von γ aus %Ln gemischten Stichproben des Korpus.</numerusform>
        </translation>
    </message>
    <message>
        <source>Commitments aligned in pairs: %1; without a partner: %2.</source>
        <translation>Zusagen paarweise zugeordnet: %1; ohne Gegenstück: %2.</translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>nichts</translation>
    </message>
    <message>
        <source>What %1 said</source>
        <translation>Was %1 sagte</translation>
    </message>
    <message numerus="yes">
        <source>%Ln disagreement(s) (click or Enter: show in the document)</source>
        <translation>
            <numerusform>%Ln Abweichung (Klick oder Eingabetaste: im Dokument zeigen)</numerusform>
            <numerusform>%Ln Abweichungen (Klick oder Eingabetaste: im Dokument zeigen)</numerusform>
        </translation>
    </message>
    <message>
        <source>(not set)</source>
        <translation>(nicht gesetzt)</translation>
    </message>
    <message>
        <source>Position</source>
        <translation>Position</translation>
    </message>
    <message>
        <source>Note: {note}</source>
        <translation>Notiz: {note}</translation>
    </message>
    <message>
        <source>Paragraph {p}, characters {a}–{b}</source>
        <translation>Absatz {p}, Zeichen {a}–{b}</translation>
    </message>
    <message>
        <source>Paragraph {p}, character {a}, to paragraph {q}, character {b}</source>
        <translation>Absatz {p}, Zeichen {a}, bis Absatz {q}, Zeichen {b}</translation>
    </message>
    <message>
        <source>Characters {a}–{b} of the whole text</source>
        <translation>Zeichen {a}–{b} des ganzen Textes</translation>
    </message>
    <message>
        <source>Annotations</source>
        <translation>Annotationen</translation>
    </message>
    <message>
        <source>Show annotations of one tag</source>
        <translation>Annotationen eines Tags zeigen</translation>
    </message>
    <message>
        <source>Filter by text…</source>
        <translation>Nach Text filtern…</translation>
    </message>
    <message>
        <source>All tags</source>
        <translation>Alle Tags</translation>
    </message>
    <message>
        <source>Crash recovery is off for this document ({error}); save often</source>
        <translation>Die Absturzsicherung ist für dieses Dokument aus ({error}); speichern Sie oft</translation>
    </message>
    <message>
        <source>Restored “{name}”: </source>
        <translation>„{name}“ wiederhergestellt: </translation>
    </message>
    <message numerus="yes">
        <source>%Ln annotation(s), </source>
        <translation>
            <numerusform>%Ln Annotation, </numerusform>
            <numerusform>%Ln Annotationen, </numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln unsaved change(s); Ctrl+S keeps them</source>
        <translation>
            <numerusform>%Ln ungespeicherte Änderung; Strg+S behält sie</numerusform>
            <numerusform>%Ln ungespeicherte Änderungen; Strg+S behält sie</numerusform>
        </translation>
    </message>
    <message>
        <source> The very last changes could not be read.</source>
        <translation> Die allerletzten Änderungen konnten nicht gelesen werden.</translation>
    </message>
    <message>
        <source>Restore unsaved work</source>
        <translation>Ungespeicherte Arbeit wiederherstellen</translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;Annotator stopped without saving your work.&lt;/b&gt;&lt;br&gt;Unsaved changes to %n document(s) can be restored:</source>
        <translation>
            <numerusform>&lt;b&gt;Annotator wurde beendet, ohne Ihre Arbeit zu speichern.&lt;/b&gt;&lt;br&gt;Ungespeicherte Änderungen an %n Dokument können wiederhergestellt werden:</numerusform>
            <numerusform>&lt;b&gt;Annotator wurde beendet, ohne Ihre Arbeit zu speichern.&lt;/b&gt;&lt;br&gt;Ungespeicherte Änderungen an %n Dokumenten können wiederhergestellt werden:</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Restore&lt;/b&gt; opens them as before, not yet saved. &lt;b&gt;Later&lt;/b&gt; keeps them for the next start.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Wiederherstellen&lt;/b&gt; öffnet sie wie zuvor, noch nicht gespeichert. &lt;b&gt;Später&lt;/b&gt; behält sie für den nächsten Start.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Restore&lt;/b&gt; opens it as before, not yet saved. &lt;b&gt;Later&lt;/b&gt; keeps it for the next start.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Wiederherstellen&lt;/b&gt; öffnet es wie zuvor, noch nicht gespeichert. &lt;b&gt;Später&lt;/b&gt; behält es für den nächsten Start.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&amp;Restore</source>
        <translation>&amp;Wiederherstellen</translation>
    </message>
    <message>
        <source>&amp;Discard</source>
        <translation>&amp;Verwerfen</translation>
    </message>
    <message numerus="yes">
        <source>%Ln unsaved change(s)</source>
        <translation>
            <numerusform>%Ln ungespeicherte Änderung</numerusform>
            <numerusform>%Ln ungespeicherte Änderungen</numerusform>
        </translation>
    </message>
    <message>
        <source>never saved</source>
        <translation>nie gespeichert</translation>
    </message>
    <message>
        <source>in {folder}</source>
        <translation>in {folder}</translation>
    </message>
    <message>
        <source> (the very last ones are damaged)</source>
        <translation> (die allerletzten sind beschädigt)</translation>
    </message>
    <message>
        <source>last changed {when}</source>
        <translation>zuletzt geändert {when}</translation>
    </message>
    <message>
        <source>today at {time}</source>
        <translation>heute um {time}</translation>
    </message>
    <message>
        <source>on {date} at {time}</source>
        <translation>am {date} um {time}</translation>
    </message>
    <message>
        <source>Unsaved work from before kept: it will be offered again at the next start</source>
        <translation>Ungespeicherte Arbeit von vorher behalten: sie wird beim nächsten Start wieder angeboten</translation>
    </message>
    <message>
        <source>Could not restore {name}</source>
        <translation>{name} konnte nicht wiederhergestellt werden</translation>
    </message>
    <message>
        <source>The unsaved work is kept in {path}.</source>
        <translation>Die ungespeicherte Arbeit liegt weiter in {path}.</translation>
    </message>
    <message>
        <source>Delete these changes for good?</source>
        <translation>Diese Änderungen endgültig löschen?</translation>
    </message>
    <message numerus="yes">
        <source>Delete the changes to %Ln documents for good?</source>
        <translation>
            <numerusform>Die Änderungen an %Ln Dokument endgültig löschen?</numerusform>
            <numerusform>Die Änderungen an %Ln Dokumenten endgültig löschen?</numerusform>
        </translation>
    </message>
    <message>
        <source>Discard unsaved work</source>
        <translation>Ungespeicherte Arbeit verwerfen</translation>
    </message>
    <message>
        <source>They cannot be restored afterwards.</source>
        <translation>Sie können danach nicht wiederhergestellt werden.</translation>
    </message>
    <message>
        <source>Reading the text…</source>
        <translation>Der Text wird gelesen…</translation>
    </message>
    <message>
        <source>Reading {name}…</source>
        <translation>{name} wird gelesen…</translation>
    </message>
    <message>
        <source>Checking the TEI and building the annotations…</source>
        <translation>Das TEI wird geprüft und die Annotationen werden aufgebaut…</translation>
    </message>
    <message>
        <source>Writing and validating the TEI…</source>
        <translation>Das TEI wird geschrieben und validiert…</translation>
    </message>
    <message>
        <source>Saving {name}…</source>
        <translation>{name} wird gespeichert…</translation>
    </message>
    <message>
        <source>Writing {format}…</source>
        <translation>{format} wird geschrieben…</translation>
    </message>
    <message>
        <source>Aligning {name}…</source>
        <translation>Zuordnen: {name}…</translation>
    </message>
    <message>
        <source>Estimating the chance disorder (all tags)…</source>
        <translation>Zufällige Unordnung wird geschätzt (alle Tags)…</translation>
    </message>
    <message>
        <source>Estimating the chance disorder ({tag})…</source>
        <translation>Zufällige Unordnung wird geschätzt ({tag})…</translation>
    </message>
    <message>
        <source>Unitizing α and span F1…</source>
        <translation>Unitizing-α und Span-F1…</translation>
    </message>
    <message>
        <source>Commitments and disagreements…</source>
        <translation>Zusagen und Abweichungen…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Wird abgebrochen…</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Mentions</source>
        <translation>Erwähnungen</translation>
    </message>
    <message>
        <source>Annotator</source>
        <translation>Annotator</translation>
    </message>
    <message>
        <source>Merge Another Into This…</source>
        <translation>Andere hierin zusammenführen…</translation>
    </message>
    <message>
        <source>Merge an entity of the corpus&apos;s register into this one, in every document you annotated</source>
        <translation>Eine Entität aus dem Register des Korpus in diese zusammenführen, in jedem Dokument, das Sie annotiert haben</translation>
    </message>
    <message>
        <source>Split Off Documents…</source>
        <translation>Dokumente abtrennen…</translation>
    </message>
    <message>
        <source>Move this entity&apos;s mentions in the selected documents to a new entity</source>
        <translation>Die Erwähnungen dieser Entität in den gewählten Dokumenten zu einer neuen Entität verschieben</translation>
    </message>
    <message>
        <source>In the corpus: choose an entity</source>
        <translation>Im Korpus: wählen Sie eine Entität</translation>
    </message>
    <message>
        <source>“%1” in the corpus: </source>
        <translation>„%1“ im Korpus: </translation>
    </message>
    <message>
        <source>Identifiers</source>
        <translation>Kennungen</translation>
    </message>
    <message>
        <source>{kind}, id {id}</source>
        <translation>{kind}, ID {id}</translation>
    </message>
    <message numerus="yes">
        <source>%Ln mention(s)</source>
        <translation>
            <numerusform>%Ln Erwähnung</numerusform>
            <numerusform>%Ln Erwähnungen</numerusform>
        </translation>
    </message>
    <message>
        <source>Paragraph {p}, characters {a}–{b} ({id}). Double-click to show it in the text.</source>
        <translation>Absatz {p}, Zeichen {a}–{b} ({id}). Doppelklick zeigt sie im Text.</translation>
    </message>
    <message>
        <source>Entity Identifiers</source>
        <translation>Kennungen der Entität</translation>
    </message>
    <message>
        <source>Identifiers of &lt;b&gt;{name}&lt;/b&gt; ({kind}), so exported rows can be joined with other data. Leave a field empty to remove it.</source>
        <translation>Kennungen von &lt;b&gt;{name}&lt;/b&gt; ({kind}), damit exportierte Zeilen mit anderen Daten verknüpft werden können. Ein leeres Feld entfernt die Kennung.</translation>
    </message>
    <message>
        <source>e.g. Q183</source>
        <translation>z. B. Q183</translation>
    </message>
    <message>
        <source>e.g. DE or DEU</source>
        <translation>z. B. DE oder DEU</translation>
    </message>
    <message>
        <source>e.g. https://viaf.org/viaf/…</source>
        <translation>z. B. https://viaf.org/viaf/…</translation>
    </message>
    <message>
        <source>Entities</source>
        <translation>Entitäten</translation>
    </message>
    <message>
        <source>Show entities of one kind</source>
        <translation>Entitäten einer Art zeigen</translation>
    </message>
    <message>
        <source>Filter by name…</source>
        <translation>Nach Namen filtern…</translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation>Alle Arten</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>Umbenennen…</translation>
    </message>
    <message>
        <source>Rename the entity</source>
        <translation>Die Entität umbenennen</translation>
    </message>
    <message>
        <source>Identifiers…</source>
        <translation>Kennungen…</translation>
    </message>
    <message>
        <source>Set the Wikidata id, ISO 3166 code or URI of the entity</source>
        <translation>Die Wikidata-ID, den ISO-3166-Code oder die URI der Entität festlegen</translation>
    </message>
    <message>
        <source>Merge</source>
        <translation>Zusammenführen</translation>
    </message>
    <message>
        <source>Merge the selected entities into the current one (it keeps its name)</source>
        <translation>Die ausgewählten Entitäten in die aktuelle zusammenführen (sie behält ihren Namen)</translation>
    </message>
    <message>
        <source>Split</source>
        <translation>Aufteilen</translation>
    </message>
    <message>
        <source>Move the selected mentions to a new entity</source>
        <translation>Die ausgewählten Erwähnungen in eine neue Entität verschieben</translation>
    </message>
    <message>
        <source>Unlink</source>
        <translation>Lösen</translation>
    </message>
    <message>
        <source>Unlink the selected mentions from their entity (they stay annotations)</source>
        <translation>Die ausgewählten Erwähnungen von ihrer Entität lösen (sie bleiben Annotationen)</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Delete the entity (its mentions stay annotations)</source>
        <translation>Die Entität löschen (ihre Erwähnungen bleiben Annotationen)</translation>
    </message>
    <message>
        <source>Delete Unused Entities…</source>
        <translation>Unbenutzte Entitäten löschen…</translation>
    </message>
    <message>
        <source>Delete the entities that nothing mentions or refers to</source>
        <translation>Die Entitäten löschen, die nichts erwähnt oder auf die nichts verweist</translation>
    </message>
    <message>
        <source>Person, organisation, place or object: which TEI list the entity is written to</source>
        <translation>Person, Organisation, Ort oder Objekt: in welche TEI-Liste die Entität geschrieben wird</translation>
    </message>
    <message numerus="yes">
        <source>%Ln heading(s)</source>
        <translation>
            <numerusform>%Ln Überschrift</numerusform>
            <numerusform>%Ln Überschriften</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln title line(s)</source>
        <translation>
            <numerusform>%Ln Titelzeile</numerusform>
            <numerusform>%Ln Titelzeilen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln paragraph(s)</source>
        <translation>
            <numerusform>%Ln Absatz</numerusform>
            <numerusform>%Ln Absätze</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln verse line(s)</source>
        <translation>
            <numerusform>%Ln Verszeile</numerusform>
            <numerusform>%Ln Verszeilen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln speech(es)</source>
        <translation>
            <numerusform>%Ln Rede</numerusform>
            <numerusform>%Ln Reden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln stage direction(s)</source>
        <translation>
            <numerusform>%Ln Regieanweisung</numerusform>
            <numerusform>%Ln Regieanweisungen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln list item(s)</source>
        <translation>
            <numerusform>%Ln Listenpunkt</numerusform>
            <numerusform>%Ln Listenpunkte</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln table cell(s)</source>
        <translation>
            <numerusform>%Ln Tabellenzelle</numerusform>
            <numerusform>%Ln Tabellenzellen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln note paragraph(s)</source>
        <translation>
            <numerusform>%Ln Notizabsatz</numerusform>
            <numerusform>%Ln Notizabsätze</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln label(s)</source>
        <translation>
            <numerusform>%Ln Beschriftung</numerusform>
            <numerusform>%Ln Beschriftungen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln quotation(s)</source>
        <translation>
            <numerusform>%Ln Zitat</numerusform>
            <numerusform>%Ln Zitate</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln line(s)</source>
        <translation>
            <numerusform>%Ln Zeile</numerusform>
            <numerusform>%Ln Zeilen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln page break(s)</source>
        <translation>
            <numerusform>%Ln Seitenumbruch</numerusform>
            <numerusform>%Ln Seitenumbrüche</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln column break(s)</source>
        <translation>
            <numerusform>%Ln Spaltenumbruch</numerusform>
            <numerusform>%Ln Spaltenumbrüche</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln gap(s)</source>
        <translation>
            <numerusform>%Ln Lücke</numerusform>
            <numerusform>%Ln Lücken</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln running head(s)</source>
        <translation>
            <numerusform>%Ln Kolumnentitel</numerusform>
            <numerusform>%Ln Kolumnentitel</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln milestone(s)</source>
        <translation>
            <numerusform>%Ln Meilenstein</numerusform>
            <numerusform>%Ln Meilensteine</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln note(s)</source>
        <translation>
            <numerusform>%Ln Notiz</numerusform>
            <numerusform>%Ln Notizen</numerusform>
        </translation>
    </message>
    <message>
        <source>Plain-text file {name}</source>
        <translation>Textdatei {name}</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>Dokument</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>Outlet</source>
        <translation>Medium</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Stand</translation>
    </message>
    <message>
        <source>Annotators</source>
        <translation>Annotierende</translation>
    </message>
    <message>
        <source>open</source>
        <translation>offen</translation>
    </message>
    <message>
        <source>assigned</source>
        <translation>zugewiesen</translation>
    </message>
    <message>
        <source>annotated</source>
        <translation>annotiert</translation>
    </message>
    <message>
        <source>curated</source>
        <translation>kuratiert</translation>
    </message>
    <message>
        <source>new</source>
        <translation>neu</translation>
    </message>
    <message>
        <source>in progress</source>
        <translation>in Arbeit</translation>
    </message>
    <message>
        <source>done</source>
        <translation>fertig</translation>
    </message>
    <message>
        <source>Annotations of the tag %1</source>
        <translation>Annotationen des Tags %1</translation>
    </message>
    <message>
        <source>Your annotations of the tag %1</source>
        <translation>Ihre Annotationen des Tags %1</translation>
    </message>
    <message>
        <source>✓ done, … at work, ○ assigned, not begun</source>
        <translation>✓ fertig, … in Arbeit, ○ zugewiesen, nicht begonnen</translation>
    </message>
    <message>
        <source>Corpus</source>
        <translation>Korpus</translation>
    </message>
    <message>
        <source>Show the documents of one status only</source>
        <translation>Nur die Dokumente eines Stands zeigen</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Alle</translation>
    </message>
    <message>
        <source>Filter by title, outlet, date…</source>
        <translation>Nach Titel, Medium, Datum filtern…</translation>
    </message>
    <message>
        <source>My documents</source>
        <translation>Meine Dokumente</translation>
    </message>
    <message>
        <source>Show only the documents assigned to you or annotated by you</source>
        <translation>Nur die Dokumente zeigen, die Ihnen zugewiesen sind oder die Sie annotiert haben</translation>
    </message>
    <message>
        <source>Take Next</source>
        <translation>Nächstes nehmen</translation>
    </message>
    <message>
        <source>Take the next document that still needs annotators from the queue, and open it</source>
        <translation>Das nächste Dokument, das noch Annotierende braucht, aus der Warteschlange nehmen und öffnen</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Synchronisieren</translation>
    </message>
    <message>
        <source>Commit your work and exchange it with the corpus&apos;s Git remote</source>
        <translation>Ihre Arbeit committen und mit dem Git-Remote des Korpus austauschen</translation>
    </message>
    <message numerus="yes">
        <source>%Ln document(s)</source>
        <translation>
            <numerusform>%Ln Dokument</numerusform>
            <numerusform>%Ln Dokumente</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %Ln document(s)</source>
        <translation>
            <numerusform>%1 von %Ln Dokument</numerusform>
            <numerusform>%1 von %Ln Dokumenten</numerusform>
        </translation>
    </message>
    <message>
        <source>C&amp;urate…</source>
        <translation>K&amp;uratieren…</translation>
    </message>
    <message>
        <source>Context</source>
        <translation>Kontext</translation>
    </message>
    <message>
        <source>Search Corpus</source>
        <translation>Korpus durchsuchen</translation>
    </message>
    <message>
        <source>Words or a phrase; Patriot* for a prefix</source>
        <translation>Wörter oder eine Wendung; Patriot* für einen Wortanfang</translation>
    </message>
    <message>
        <source>All documents</source>
        <translation>Alle Dokumente</translation>
    </message>
    <message>
        <source>This document</source>
        <translation>Dieses Dokument</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Suchen</translation>
    </message>
    <message>
        <source>Annotate All…</source>
        <translation>Alle annotieren…</translation>
    </message>
    <message>
        <source>Tag every hit with one tag, after a review list where hits can be left out</source>
        <translation>Jeden Treffer mit einem Tag annotieren, nach einer Liste, in der sich Treffer abwählen lassen</translation>
    </message>
    <message>
        <source>Show All</source>
        <translation>Alle zeigen</translation>
    </message>
    <message>
        <source>Find every hit in every document</source>
        <translation>Jeden Treffer in jedem Dokument finden</translation>
    </message>
    <message numerus="yes">
        <source>%Ln hit(s)</source>
        <translation>
            <numerusform>%Ln Treffer</numerusform>
            <numerusform>%Ln Treffer</numerusform>
        </translation>
    </message>
    <message>
        <source>Decide Conflicts</source>
        <translation>Konflikte entscheiden</translation>
    </message>
    <message>
        <source>A colleague changed the same entry differently. Your version is in the corpus, theirs is kept beside it until you decide.</source>
        <translation>Jemand aus dem Team hat denselben Eintrag anders geändert. Ihre Fassung steht im Korpus, die andere wird daneben aufbewahrt, bis Sie entscheiden.</translation>
    </message>
    <message>
        <source>the whole file</source>
        <translation>die ganze Datei</translation>
    </message>
    <message>
        <source>Yours</source>
        <translation>Ihre</translation>
    </message>
    <message>
        <source>Theirs</source>
        <translation>Die andere</translation>
    </message>
    <message>
        <source>Keep &amp;Mine</source>
        <translation>&amp;Meine behalten</translation>
    </message>
    <message>
        <source>Take &amp;Theirs</source>
        <translation>&amp;Andere übernehmen</translation>
    </message>
    <message>
        <source>No hits for “%1”</source>
        <translation>Keine Treffer für „%1“</translation>
    </message>
    <message numerus="yes">
        <source>The first %Ln hit(s)</source>
        <translation>
            <numerusform>Der erste %Ln Treffer</numerusform>
            <numerusform>Die ersten %Ln Treffer</numerusform>
        </translation>
    </message>
    <message>
        <source>there are more</source>
        <translation>es gibt weitere</translation>
    </message>
    <message>
        <source>Annotate All</source>
        <translation>Alle annotieren</translation>
    </message>
    <message>
        <source>Tag the hits of “%1” that stay ticked. Spans that already have the tag are left as they are; in the open document this is one step to undo, other documents are saved as they are done.</source>
        <translation>Die angehakten Treffer von „%1“ annotieren. Stellen, die das Tag schon haben, bleiben wie sie sind; im offenen Dokument lässt sich alles in einem Schritt rückgängig machen, die anderen Dokumente werden nacheinander gespeichert.</translation>
    </message>
    <message>
        <source>Tag:</source>
        <translation>Tag:</translation>
    </message>
    <message numerus="yes">
        <source>Annotate %Ln</source>
        <translation>
            <numerusform>%Ln annotieren</numerusform>
            <numerusform>%Ln annotieren</numerusform>
        </translation>
    </message>
    <message>
        <source>Published</source>
        <translation>Erschienen</translation>
    </message>
    <message>
        <source>Author</source>
        <translation>Autor</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Document Metadata</source>
        <translation>Dokument-Metadaten</translation>
    </message>
    <message>
        <source>%1:</source>
        <translation>%1:</translation>
    </message>
    <message>
        <source>Your status:</source>
        <translation>Ihr Stand:</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>Lizenz</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>Structure</source>
        <translation>Aufbau</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notizen</translation>
    </message>
    <message>
        <source>&lt;b&gt;Names the file already marks&lt;/b&gt;</source>
        <translation>&lt;b&gt;Namen, die die Datei schon auszeichnet&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Show them in the text (dotted underline)</source>
        <translation>Im Text zeigen (gepunktet unterstrichen)</translation>
    </message>
    <message>
        <source>Turn into Annotations…</source>
        <translation>Zu Annotationen machen…</translation>
    </message>
    <message>
        <source>No document open</source>
        <translation>Kein Dokument geöffnet</translation>
    </message>
    <message>
        <source>Turn Existing Markup into Annotations</source>
        <translation>Vorhandenes Markup zu Annotationen machen</translation>
    </message>
    <message>
        <source>The file already marks these names. Choose the tag each kind becomes; spans already annotated with that tag are skipped. One undo takes it all back.</source>
        <translation>Die Datei zeichnet diese Namen schon aus. Wählen Sie den Tag, zu dem jede Art wird; Stellen, die schon mit diesem Tag annotiert sind, werden übersprungen. Ein Rückgängig nimmt alles zurück.</translation>
    </message>
    <message>
        <source>Element</source>
        <translation>Element</translation>
    </message>
    <message>
        <source>Spans</source>
        <translation>Stellen</translation>
    </message>
    <message>
        <source>For example</source>
        <translation>Zum Beispiel</translation>
    </message>
    <message>
        <source>Becomes</source>
        <translation>Wird zu</translation>
    </message>
    <message>
        <source>— leave as it is —</source>
        <translation>— so lassen —</translation>
    </message>
    <message>
        <source>Add Annotations</source>
        <translation>Annotationen hinzufügen</translation>
    </message>
    <message numerus="yes">
        <source>%Ln entity/entities</source>
        <translation>
            <numerusform>%Ln Entität</numerusform>
            <numerusform>%Ln Entitäten</numerusform>
        </translation>
    </message>
    <message>
        <source>{shown} of {total}</source>
        <translation>{shown} von {total}</translation>
    </message>
    <message numerus="yes">
        <source>%Ln unused</source>
        <translation>
            <numerusform>%Ln unbenutzt</numerusform>
            <numerusform>%Ln unbenutzt</numerusform>
        </translation>
    </message>
    <message>
        <source>Entities that nothing mentions or refers to: click to delete them</source>
        <translation>Entitäten, die nichts erwähnt oder auf die nichts verweist: klicken, um sie zu löschen</translation>
    </message>
    <message>
        <source>Rename Entity</source>
        <translation>Entität umbenennen</translation>
    </message>
    <message>
        <source>New name for “{name}”:</source>
        <translation>Neuer Name für „{name}“:</translation>
    </message>
    <message>
        <source>Every entity is mentioned or named by a reference</source>
        <translation>Jede Entität wird erwähnt oder von einem Verweis genannt</translation>
    </message>
    <message numerus="yes">
        <source>Delete %Ln entity/entities that nothing mentions or refers to?</source>
        <translation>
            <numerusform>%Ln Entität löschen, die nichts erwähnt oder auf die nichts verweist?</numerusform>
            <numerusform>%Ln Entitäten löschen, die nichts erwähnt oder auf die nichts verweist?</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete Unused Entities</source>
        <translation>Unbenutzte Entitäten löschen</translation>
    </message>
    <message>
        <source>Merge {names} into “{kept}”?</source>
        <translation>{names} in „{kept}“ zusammenführen?</translation>
    </message>
    <message numerus="yes">
        <source>“{kept}” is kept: the %Ln mention(s) of the other move to it, with any references to it, and it is deleted.</source>
        <translation>
            <numerusform>„{kept}“ bleibt: die %Ln Erwähnung der anderen geht mit allen Verweisen auf sie dorthin, und sie wird gelöscht.</numerusform>
            <numerusform>„{kept}“ bleibt: die %Ln Erwähnungen der anderen gehen mit allen Verweisen auf sie dorthin, und sie wird gelöscht.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>“{kept}” is kept: the %Ln mention(s) of the others move to it, with any references to them, and they are deleted.</source>
        <translation>
            <numerusform>„{kept}“ bleibt: die %Ln Erwähnung der anderen geht mit allen Verweisen auf sie dorthin, und sie werden gelöscht.</numerusform>
            <numerusform>„{kept}“ bleibt: die %Ln Erwähnungen der anderen gehen mit allen Verweisen auf sie dorthin, und sie werden gelöscht.</numerusform>
        </translation>
    </message>
    <message>
        <source>Merge Entities</source>
        <translation>Entitäten zusammenführen</translation>
    </message>
    <message>
        <source>Choose mentions of one entity to split off</source>
        <translation>Wählen Sie Erwähnungen einer Entität zum Abtrennen</translation>
    </message>
    <message numerus="yes">
        <source>its %Ln mention(s) stay annotations but are unlinked</source>
        <translation>
            <numerusform>ihre %Ln Erwähnung bleibt Annotation, wird aber gelöst</numerusform>
            <numerusform>ihre %Ln Erwähnungen bleiben Annotationen, werden aber gelöst</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln reference(s) to it ({references}) cleared</source>
        <translation>
            <numerusform>%Ln Verweis auf sie ({references}) geleert</numerusform>
            <numerusform>%Ln Verweise auf sie ({references}) geleert</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete the entity “{name}”?</source>
        <translation>Die Entität „{name}“ löschen?</translation>
    </message>
    <message>
        <source>Delete Entity</source>
        <translation>Entität löschen</translation>
    </message>
    <message>
        <source>{tag} {id} as {field}</source>
        <translation>{tag} {id} als {field}</translation>
    </message>
    <message>
        <source>Gap in the source: text left out</source>
        <translation>Lücke in der Quelle: Text ausgelassen</translation>
    </message>
    <message>
        <source>(not in the text)</source>
        <translation>(nicht im Text)</translation>
    </message>
    <message>
        <source>Page</source>
        <translation>Seite</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>Spalte</translation>
    </message>
    <message>
        <source>Milestone</source>
        <translation>Meilenstein</translation>
    </message>
    <message>
        <source>: its text follows the paragraph</source>
        <translation>: ihr Text folgt nach dem Absatz</translation>
    </message>
    <message>
        <source>Import: Labels and Tags</source>
        <translation>Import: Labels und Tags</translation>
    </message>
    <message>
        <source>The labels of {source} become these tags. A label that no tag has becomes a new tag, unless you choose one.</source>
        <translation>Die Labels von {source} werden zu diesen Tags. Ein Label, das kein Tag hat, wird zu einem neuen Tag, außer Sie wählen eines.</translation>
    </message>
    <message>
        <source>Label in the file</source>
        <translation>Label in der Datei</translation>
    </message>
    <message>
        <source>New tag “{label}”</source>
        <translation>Neues Tag „{label}“</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Importieren</translation>
    </message>
    <message>
        <source>Import {format}</source>
        <translation>{format} importieren</translation>
    </message>
    <message>
        <source>Import of {name} cancelled</source>
        <translation>Import von {name} abgebrochen</translation>
    </message>
    <message>
        <source>Could not import {name}</source>
        <translation>{name} konnte nicht importiert werden</translation>
    </message>
    <message numerus="yes">
        <source>Imported %Ln annotation(s) from {name}; Save writes it as TEI</source>
        <translation>
            <numerusform>%Ln Annotation aus {name} importiert; Speichern schreibt sie als TEI</numerusform>
            <numerusform>%Ln Annotationen aus {name} importiert; Speichern schreibt sie als TEI</numerusform>
        </translation>
    </message>
    <message>
        <source>Reading {name}</source>
        <translation>{name} wird gelesen</translation>
    </message>
    <message>
        <source>The Text of {name}</source>
        <translation>Der Text von {name}</translation>
    </message>
    <message>
        <source>Text files (*.txt);;All files (*)</source>
        <translation>Textdateien (*.txt);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Import {name}</source>
        <translation>{name} importieren</translation>
    </message>
    <message numerus="yes">
        <source>{name} holds %Ln documents. Annotator opens one at a time: which one?</source>
        <translation>
            <numerusform>{name} enthält %Ln Dokument. Annotator öffnet eines nach dem anderen: welches?</numerusform>
            <numerusform>{name} enthält %Ln Dokumente. Annotator öffnet eines nach dem anderen: welches?</numerusform>
        </translation>
    </message>
    <message>
        <source>Imported {name}</source>
        <translation>{name} importiert</translation>
    </message>
    <message>
        <source>What the file has that Annotator cannot carry is listed below (where the file has it); the rest was imported.</source>
        <translation>Was die Datei enthält, das Annotator nicht übernehmen kann, steht unten (mit der Stelle in der Datei); der Rest wurde importiert.</translation>
    </message>
    <message>
        <source>Wrote {files}. {format} could not take everything:</source>
        <translation>{files} geschrieben. {format} konnte nicht alles aufnehmen:</translation>
    </message>
    <message>
        <source>Replace files?</source>
        <translation>Dateien ersetzen?</translation>
    </message>
    <message>
        <source>The export writes more than one file, and these exist already:</source>
        <translation>Der Export schreibt mehr als eine Datei, und diese gibt es schon:</translation>
    </message>
    <message>
        <source>Replace them?</source>
        <translation>Ersetzen?</translation>
    </message>
    <message>
        <source>Replace</source>
        <translation>Ersetzen</translation>
    </message>
    <message>
        <source>rs – a name or reference</source>
        <translation>rs – ein Name oder Verweis</translation>
    </message>
    <message>
        <source>seg – a segment (e.g. a clause)</source>
        <translation>seg – ein Abschnitt (z. B. ein Satzteil)</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Zahl</translation>
    </message>
    <message>
        <source>Choice</source>
        <translation>Auswahl</translation>
    </message>
    <message>
        <source>Yes/no</source>
        <translation>Ja/Nein</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Verweis</translation>
    </message>
    <message>
        <source>Tagsets (*.xml *.json);;TEI files written by Annotator (*.xml);;JSON tagsets (*.json);;All files (*)</source>
        <translation>Tagsets (*.xml *.json);;Von Annotator geschriebene TEI-Dateien (*.xml);;JSON-Tagsets (*.json);;Alle Dateien (*)</translation>
    </message>
    <message numerus="yes">
        <source>%Ln annotation(s)</source>
        <translation>
            <numerusform>%Ln Annotation</numerusform>
            <numerusform>%Ln Annotationen</numerusform>
        </translation>
    </message>
    <message>
        <source>Edit Attribute</source>
        <translation>Attribut bearbeiten</translation>
    </message>
    <message>
        <source>New Attribute</source>
        <translation>Neues Attribut</translation>
    </message>
    <message>
        <source>The identifier saved in the file (letters, digits and _, starting with a letter, e.g. reportedBy)</source>
        <translation>Die Kennung, die in der Datei gespeichert wird (Buchstaben, Ziffern und _, beginnend mit einem Buchstaben, z. B. reportedBy)</translation>
    </message>
    <message>
        <source>one choice per line</source>
        <translation>ein Auswahlwert pro Zeile</translation>
    </message>
    <message>
        <source>The tags whose annotations a value may point to; none checked: any annotation</source>
        <translation>Die Tags, auf deren Annotationen ein Wert verweisen darf; keines angehakt: jede Annotation</translation>
    </message>
    <message>
        <source>&amp;Label:</source>
        <translation>Be&amp;zeichnung:</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Kind:</source>
        <translation>&amp;Art:</translation>
    </message>
    <message>
        <source>&amp;Choices:</source>
        <translation>Aus&amp;wahlwerte:</translation>
    </message>
    <message>
        <source>&amp;Refers to:</source>
        <translation>&amp;Verweist auf:</translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation>&amp;Beschreibung:</translation>
    </message>
    <message>
        <source>Edit Tagset</source>
        <translation>Tagset bearbeiten</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Taste</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>&amp;Hinzufügen</translation>
    </message>
    <message>
        <source>Add a new tag</source>
        <translation>Ein neues Tag hinzufügen</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Remove the selected tag (and its annotations)</source>
        <translation>Das ausgewählte Tag (und seine Annotationen) entfernen</translation>
    </message>
    <message>
        <source>Move the tag up</source>
        <translation>Das Tag nach oben schieben</translation>
    </message>
    <message>
        <source>Move the tag down</source>
        <translation>Das Tag nach unten schieben</translation>
    </message>
    <message>
        <source>The tag&apos;s identifier in the TEI file; it never changes once the tag is saved</source>
        <translation>Die Kennung des Tags in der TEI-Datei; sie ändert sich nie, sobald das Tag gespeichert ist</translation>
    </message>
    <message>
        <source>Choose the tag&apos;s colour</source>
        <translation>Die Farbe des Tags wählen</translation>
    </message>
    <message>
        <source>The key that tags a selection with this tag (one character; empty for none)</source>
        <translation>Die Taste, die eine Auswahl mit diesem Tag taggt (ein Zeichen; leer für keine)</translation>
    </message>
    <message>
        <source>one character; empty for none</source>
        <translation>ein Zeichen; leer für keine</translation>
    </message>
    <message>
        <source>C&amp;olour:</source>
        <translation>&amp;Farbe:</translation>
    </message>
    <message>
        <source>&amp;Key:</source>
        <translation>&amp;Taste:</translation>
    </message>
    <message>
        <source>The element that the inline TEI export wraps this tag&apos;s annotations in</source>
        <translation>Das Element, in das der Inline-TEI-Export die Annotationen dieses Tags einschließt</translation>
    </message>
    <message>
        <source>The list of entities (persons, organisations …) this tag&apos;s mentions are linked to</source>
        <translation>Die Liste der Entitäten (Personen, Organisationen …), mit denen die Erwähnungen dieses Tags verknüpft werden</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Keine</translation>
    </message>
    <message>
        <source>Its annotations are events (commitments)</source>
        <translation>Seine Annotationen sind Ereignisse (Zusagen)</translation>
    </message>
    <message>
        <source>Exported as TEI events and as rows of the commitments table</source>
        <translation>Als TEI-Ereignisse und als Zeilen der Zusagentabelle exportiert</translation>
    </message>
    <message>
        <source>Id:</source>
        <translation>ID:</translation>
    </message>
    <message>
        <source>Inline &amp;element:</source>
        <translation>Inline-&amp;Element:</translation>
    </message>
    <message>
        <source>Links to e&amp;ntities:</source>
        <translation>Verknüpft mit E&amp;ntitäten:</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Bezeichnung</translation>
    </message>
    <message>
        <source>Choices / refers to</source>
        <translation>Auswahlwerte / verweist auf</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>Hinzufügen…</translation>
    </message>
    <message>
        <source>Add an attribute</source>
        <translation>Ein Attribut hinzufügen</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Bearbeiten…</translation>
    </message>
    <message>
        <source>Change the selected attribute</source>
        <translation>Das ausgewählte Attribut ändern</translation>
    </message>
    <message>
        <source>Remove the selected attribute and its values</source>
        <translation>Das ausgewählte Attribut und seine Werte entfernen</translation>
    </message>
    <message>
        <source>Move the attribute up</source>
        <translation>Das Attribut nach oben schieben</translation>
    </message>
    <message>
        <source>Move the attribute down</source>
        <translation>Das Attribut nach unten schieben</translation>
    </message>
    <message>
        <source>Save as &amp;Default</source>
        <translation>Als &amp;Standard speichern</translation>
    </message>
    <message>
        <source>Use this tagset for new documents</source>
        <translation>Dieses Tagset für neue Dokumente verwenden</translation>
    </message>
    <message>
        <source>&amp;Reset to Built-in</source>
        <translation>&amp;Zurück zum eingebauten</translation>
    </message>
    <message>
        <source>Replace the tags by Annotator&apos;s own: actor, weapon, commitment</source>
        <translation>Die Tags durch die von Annotator ersetzen: Akteur, Waffe, Zusage</translation>
    </message>
    <message>
        <source>Load from &amp;File…</source>
        <translation>Aus &amp;Datei laden…</translation>
    </message>
    <message>
        <source>Use the tagset of a TEI file written by Annotator, or of an exported JSON tagset</source>
        <translation>Das Tagset einer von Annotator geschriebenen TEI-Datei oder eines exportierten JSON-Tagsets verwenden</translation>
    </message>
    <message>
        <source>E&amp;xport…</source>
        <translation>E&amp;xportieren…</translation>
    </message>
    <message>
        <source>Save this tagset as a JSON file</source>
        <translation>Dieses Tagset als JSON-Datei speichern</translation>
    </message>
    <message>
        <source>any annotation</source>
        <translation>jede Annotation</translation>
    </message>
    <message>
        <source>New tag</source>
        <translation>Neues Tag</translation>
    </message>
    <message>
        <source>A tagset needs at least one tag; add another before removing this one</source>
        <translation>Ein Tagset braucht mindestens ein Tag; fügen Sie ein anderes hinzu, bevor Sie dieses entfernen</translation>
    </message>
    <message>
        <source>Remove Tag</source>
        <translation>Tag entfernen</translation>
    </message>
    <message>
        <source>Removing {tag} deletes its {count}.

Remove the tag?</source>
        <translation>Das Entfernen von {tag} löscht seine {count}.

Das Tag entfernen?</translation>
    </message>
    <message>
        <source>Colour of {tag}</source>
        <translation>Farbe von {tag}</translation>
    </message>
    <message>
        <source>Saved as the tagset for new documents</source>
        <translation>Als Tagset für neue Dokumente gespeichert</translation>
    </message>
    <message>
        <source>the built-in tagset</source>
        <translation>dem eingebauten Tagset</translation>
    </message>
    <message>
        <source>Load Tagset from File</source>
        <translation>Tagset aus Datei laden</translation>
    </message>
    <message>
        <source>Could not load a tagset from {name}</source>
        <translation>Aus {name} konnte kein Tagset geladen werden</translation>
    </message>
    <message>
        <source>Export Tagset</source>
        <translation>Tagset exportieren</translation>
    </message>
    <message>
        <source>JSON tagsets (*.json)</source>
        <translation>JSON-Tagsets (*.json)</translation>
    </message>
    <message>
        <source>Could not export the tagset</source>
        <translation>Das Tagset konnte nicht exportiert werden</translation>
    </message>
    <message>
        <source>Exported to {name}</source>
        <translation>Nach {name} exportiert</translation>
    </message>
    <message>
        <source>Replace Tagset</source>
        <translation>Tagset ersetzen</translation>
    </message>
    <message>
        <source>The tags from {where} lack {listed}: using them deletes {count}.

Use them anyway?</source>
        <translation>Den Tags aus {where} fehlt {listed}: sie zu verwenden löscht {count}.

Trotzdem verwenden?</translation>
    </message>
    <message>
        <source>Tags from {where}</source>
        <translation>Tags aus {where}</translation>
    </message>
    <message>
        <source>Tag as {tag}</source>
        <translation>Als {tag} taggen</translation>
    </message>
    <message>
        <source>Retag as {tag}</source>
        <translation>Als {tag} umtaggen</translation>
    </message>
    <message numerus="yes">
        <source>Add %Ln annotation(s)</source>
        <translation>
            <numerusform>%Ln Annotation hinzufügen</numerusform>
            <numerusform>%Ln Annotationen hinzufügen</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete annotation</source>
        <translation>Annotation löschen</translation>
    </message>
    <message numerus="yes">
        <source>Delete %Ln annotation(s)</source>
        <translation>
            <numerusform>%Ln Annotation löschen</numerusform>
            <numerusform>%Ln Annotationen löschen</numerusform>
        </translation>
    </message>
    <message>
        <source>Set attributes</source>
        <translation>Attribute setzen</translation>
    </message>
    <message>
        <source>Set attribute</source>
        <translation>Attribut setzen</translation>
    </message>
    <message>
        <source>Set identifiers of “{name}”</source>
        <translation>Kennungen von „{name}“ setzen</translation>
    </message>
    <message>
        <source>Set {field}</source>
        <translation>{field} setzen</translation>
    </message>
    <message>
        <source>Edit note</source>
        <translation>Notiz bearbeiten</translation>
    </message>
    <message>
        <source>Remove note</source>
        <translation>Notiz entfernen</translation>
    </message>
    <message>
        <source>Edit tagset</source>
        <translation>Tagset bearbeiten</translation>
    </message>
    <message>
        <source>New entity “{name}”</source>
        <translation>Neue Entität „{name}“</translation>
    </message>
    <message>
        <source>Rename entity to “{name}”</source>
        <translation>Entität in „{name}“ umbenennen</translation>
    </message>
    <message>
        <source>Link to “{name}”</source>
        <translation>Mit „{name}“ verknüpfen</translation>
    </message>
    <message>
        <source>Unlink from entity</source>
        <translation>Von der Entität lösen</translation>
    </message>
    <message>
        <source>Delete entity “{name}”</source>
        <translation>Entität „{name}“ löschen</translation>
    </message>
    <message>
        <source>Delete the unused entity “{name}”</source>
        <translation>Die unbenutzte Entität „{name}“ löschen</translation>
    </message>
    <message numerus="yes">
        <source>Delete %Ln unused entities</source>
        <translation>
            <numerusform>%Ln unbenutzte Entität löschen</numerusform>
            <numerusform>%Ln unbenutzte Entitäten löschen</numerusform>
        </translation>
    </message>
    <message>
        <source>Merge {names} into “{name}”</source>
        <translation>{names} in „{name}“ zusammenführen</translation>
    </message>
    <message>
        <source>Split “{part}” from “{name}”</source>
        <translation>„{part}“ von „{name}“ abtrennen</translation>
    </message>
    <message>
        <source> (linked to “{name}”)</source>
        <translation> (mit „{name}“ verknüpft)</translation>
    </message>
    <message>
        <source> (new entity “{name}”)</source>
        <translation> (neue Entität „{name}“)</translation>
    </message>
    <message numerus="yes">
        <source> (%Ln new entities)</source>
        <translation>
            <numerusform> (%Ln neue Entität)</numerusform>
            <numerusform> (%Ln neue Entitäten)</numerusform>
        </translation>
    </message>
    <message>
        <source> ({linked} linked, {new} new entities)</source>
        <translation> ({linked} verknüpft, {new} neue Entitäten)</translation>
    </message>
    <message numerus="yes">
        <source> (and %Ln reference(s) to it)</source>
        <translation>
            <numerusform> (und %Ln Verweis darauf)</numerusform>
            <numerusform> (und %Ln Verweise darauf)</numerusform>
        </translation>
    </message>
    <message>
        <source> and entity “{name}”</source>
        <translation> und Entität „{name}“</translation>
    </message>
    <message numerus="yes">
        <source> and %Ln entities</source>
        <translation>
            <numerusform> und %Ln Entität</numerusform>
            <numerusform> und %Ln Entitäten</numerusform>
        </translation>
    </message>
    <message>
        <source>“{text}” is already annotated as {tag}</source>
        <translation>„{text}“ ist schon als {tag} annotiert</translation>
    </message>
    <message>
        <source>already tagged as {tag}</source>
        <translation>schon als {tag} getaggt</translation>
    </message>
    <message>
        <source>the selection holds no text to annotate</source>
        <translation>die Auswahl enthält keinen Text zum Annotieren</translation>
    </message>
    <message>
        <source>nothing to annotate</source>
        <translation>nichts zu annotieren</translation>
    </message>
    <message>
        <source>no annotation selected</source>
        <translation>keine Annotation ausgewählt</translation>
    </message>
    <message>
        <source>a note cannot contain control characters</source>
        <translation>eine Notiz darf keine Steuerzeichen enthalten</translation>
    </message>
    <message>
        <source>already linked to “{name}”</source>
        <translation>schon mit „{name}“ verknüpft</translation>
    </message>
    <message>
        <source>choose at least two entities to merge</source>
        <translation>wählen Sie mindestens zwei Entitäten zum Zusammenführen</translation>
    </message>
    <message>
        <source>choose the mentions to split off</source>
        <translation>wählen Sie die abzutrennenden Erwähnungen</translation>
    </message>
    <message>
        <source>{field}: an annotation cannot refer to itself</source>
        <translation>{field}: eine Annotation kann nicht auf sich selbst verweisen</translation>
    </message>
    <message>
        <source>a tag needs a label</source>
        <translation>ein Tag braucht eine Bezeichnung</translation>
    </message>
    <message>
        <source>read as {encoding} (byte-order mark found)</source>
        <translation>als {encoding} gelesen (Byte-Order-Mark gefunden)</translation>
    </message>
    <message>
        <source>read as {encoding} (no byte-order mark; recognised by its NUL bytes) — check the text</source>
        <translation>als {encoding} gelesen (ohne Byte-Order-Mark; an den NUL-Bytes erkannt) — prüfen Sie den Text</translation>
    </message>
    <message>
        <source>not UTF-8 (first invalid byte on line {line}); read as Windows-1252 (Western European) — check special characters</source>
        <translation>kein UTF-8 (erstes ungültiges Byte in Zeile {line}); als Windows-1252 (westeuropäisch) gelesen — prüfen Sie Sonderzeichen</translation>
    </message>
    <message>
        <source>contains control characters of the range U+0080–U+009F (first {char} on line {line}); kept as they are, but they usually mean the text was once decoded with the wrong encoding</source>
        <translation>enthält Steuerzeichen des Bereichs U+0080–U+009F (zuerst {char} in Zeile {line}); sie bleiben, wie sie sind, bedeuten aber meist, dass der Text einmal mit der falschen Kodierung gelesen wurde</translation>
    </message>
    <message>
        <source>line endings converted to LF (Windows CRLF)</source>
        <translation>Zeilenenden in LF umgewandelt (Windows CRLF)</translation>
    </message>
    <message>
        <source>line endings converted to LF (old Mac CR)</source>
        <translation>Zeilenenden in LF umgewandelt (altes Mac-CR)</translation>
    </message>
    <message>
        <source>paragraphs are separated by one blank line; the other blank lines between them (and lines of only spaces) are not kept</source>
        <translation>Absätze werden durch eine Leerzeile getrennt; die übrigen Leerzeilen dazwischen (und Zeilen nur aus Leerzeichen) werden nicht behalten</translation>
    </message>
    <message>
        <source>paragraphs are separated by a line break; the other blank lines between them (and lines of only spaces) are not kept</source>
        <translation>Absätze werden durch einen Zeilenumbruch getrennt; die übrigen Leerzeilen dazwischen (und Zeilen nur aus Leerzeichen) werden nicht behalten</translation>
    </message>
    <message>
        <source>the previous version could not be kept as {name}</source>
        <translation>die vorige Fassung konnte nicht als {name} behalten werden</translation>
    </message>
    <message>
        <source>{name} no longer has the text you were annotating; save the restored work under a new name</source>
        <translation>{name} enthält nicht mehr den Text, den Sie annotiert haben; speichern Sie die wiederhergestellte Arbeit unter einem neuen Namen</translation>
    </message>
    <message>
        <source>Your annotations</source>
        <translation>Ihre Annotationen</translation>
    </message>
    <message>
        <source>Gazetteers</source>
        <translation>Namenslisten</translation>
    </message>
    <message>
        <source>Learning tagger</source>
        <translation>Lernender Tagger</translation>
    </message>
    <message>
        <source>Every form you annotated (and every name of the entity register), wherever it recurs as a whole word, with the tag you gave it</source>
        <translation>Jede Form, die Sie annotiert haben (und jeder Name des Entitätenregisters), wo immer sie als ganzes Wort wiederkehrt, mit dem Tag, das Sie ihr gaben</translation>
    </message>
    <message>
        <source>States in German and English (with their ISO code), international organisations and alliances, weapon systems: lists that come with Annotator</source>
        <translation>Staaten auf Deutsch und Englisch (mit ihrem ISO-Code), internationale Organisationen und Bündnisse, Waffensysteme: Listen, die mit Annotator kommen</translation>
    </message>
    <message>
        <source>A sequence model (CRF) trained in the background on your annotations; it also finds names it has never seen</source>
        <translation>Ein Sequenzmodell (CRF), im Hintergrund an Ihren Annotationen trainiert; es findet auch Namen, die es nie gesehen hat</translation>
    </message>
    <message>
        <source>&amp;Show Suggestions</source>
        <translation>&amp;Vorschläge zeigen</translation>
    </message>
    <message>
        <source>Outline spans Annotator suggests to tag</source>
        <translation>Stellen umranden, die Annotator zum Taggen vorschlägt</translation>
    </message>
    <message>
        <source>&amp;Next Suggestion</source>
        <translation>&amp;Nächster Vorschlag</translation>
    </message>
    <message>
        <source>&amp;Previous Suggestion</source>
        <translation>Vo&amp;riger Vorschlag</translation>
    </message>
    <message>
        <source>&amp;Accept Suggestion</source>
        <translation>Vorschlag &amp;annehmen</translation>
    </message>
    <message>
        <source>Accept All of This S&amp;tring</source>
        <translation>Alle mit dieser &amp;Zeichenfolge annehmen</translation>
    </message>
    <message>
        <source>Accept every suggestion of the same text and tag at once</source>
        <translation>Jeden Vorschlag mit demselben Text und Tag auf einmal annehmen</translation>
    </message>
    <message>
        <source>&amp;Reject Suggestion</source>
        <translation>Vorschlag ab&amp;lehnen</translation>
    </message>
    <message>
        <source>&amp;Least Certain First</source>
        <translation>&amp;Unsicherste zuerst</translation>
    </message>
    <message>
        <source>Go through the suggestions the sources are least sure of first</source>
        <translation>Zuerst die Vorschläge durchgehen, deren sich die Quellen am wenigsten sicher sind</translation>
    </message>
    <message>
        <source>Learn A&amp;gain Now</source>
        <translation>&amp;Jetzt neu lernen</translation>
    </message>
    <message>
        <source>Train the learning tagger on your annotations and measure every source</source>
        <translation>Den lernenden Tagger an Ihren Annotationen trainieren und jede Quelle messen</translation>
    </message>
    <message>
        <source>Sources and &amp;Quality…</source>
        <translation>&amp;Quellen und Qualität…</translation>
    </message>
    <message>
        <source>S&amp;uggestions</source>
        <translation>&amp;Vorschläge</translation>
    </message>
    <message>
        <source>The learning tagger needs python-crfsuite (pip install &apos;annotator[suggest]&apos;); the other sources suggest without it</source>
        <translation>Der lernende Tagger braucht python-crfsuite (pip install &apos;annotator[suggest]&apos;); die anderen Quellen schlagen ohne ihn vor</translation>
    </message>
    <message>
        <source>Suggestions failed: {error}</source>
        <translation>Vorschläge fehlgeschlagen: {error}</translation>
    </message>
    <message>
        <source>Suggestion {n} of {total}: “{text}” as {tag} ({source}, {score}) — Enter accepts, Backspace rejects, Tab goes on</source>
        <translation>Vorschlag {n} von {total}: „{text}“ als {tag} ({source}, {score}) — Eingabe nimmt an, Rücktaste lehnt ab, Tab geht weiter</translation>
    </message>
    <message>
        <source>Accepted “{text}” as {tag}</source>
        <translation>„{text}“ als {tag} angenommen</translation>
    </message>
    <message numerus="yes">
        <source>Accepted “{text}” as {tag} %n times</source>
        <translation>
            <numerusform>„{text}“ %n-mal als {tag} angenommen</numerusform>
            <numerusform>„{text}“ %n-mal als {tag} angenommen</numerusform>
        </translation>
    </message>
    <message>
        <source>Rejected “{text}” as {tag}</source>
        <translation>„{text}“ als {tag} abgelehnt</translation>
    </message>
    <message>
        <source>Suggestion Sources and Quality</source>
        <translation>Quellen und Qualität der Vorschläge</translation>
    </message>
    <message>
        <source>The learning tagger needs python-crfsuite: pip install &apos;annotator[suggest]&apos;</source>
        <translation>Der lernende Tagger braucht python-crfsuite: pip install &apos;annotator[suggest]&apos;</translation>
    </message>
    <message>
        <source>Without HanTa the learning tagger knows no word classes and finds fewer names: pip install &apos;annotator[suggest]&apos;</source>
        <translation>Ohne HanTa kennt der lernende Tagger keine Wortarten und findet weniger Namen: pip install &apos;annotator[suggest]&apos;</translation>
    </message>
    <message>
        <source>A source whose precision is below this stops suggesting:</source>
        <translation>Eine Quelle, deren Präzision darunter liegt, schlägt nichts mehr vor:</translation>
    </message>
    <message>
        <source>Measured on a held-out fifth of your annotations, each source built from the rest (exact span and tag):</source>
        <translation>Gemessen an einem zurückgehaltenen Fünftel Ihrer Annotationen, jede Quelle aus dem Rest gebaut (genaue Stelle und Tag):</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>Präzision</translation>
    </message>
    <message>
        <source>Recall</source>
        <translation>Ausbeute</translation>
    </message>
    <message>
        <source>Held-out annotations</source>
        <translation>Zurückgehaltene Annotationen</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>switched off</source>
        <translation>ausgeschaltet</translation>
    </message>
    <message>
        <source>learning…</source>
        <translation>lernt…</translation>
    </message>
    <message>
        <source>not measured yet</source>
        <translation>noch nicht gemessen</translation>
    </message>
    <message>
        <source>too few annotations to judge</source>
        <translation>zu wenige Annotationen für ein Urteil</translation>
    </message>
    <message>
        <source>silent: below the threshold</source>
        <translation>still: unter der Schwelle</translation>
    </message>
    <message>
        <source>suggesting</source>
        <translation>schlägt vor</translation>
    </message>
</context>
</TS>
