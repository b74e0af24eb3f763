<?xml version='1.0' encoding='UTF-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name/>
    <message numerus="yes">
        <source> and cleared %Ln reference(s) to it (Ctrl+Z restores both)</source>
        <translation><numerusform> and cleared %Ln reference to it (Ctrl+Z restores both)</numerusform><numerusform> and cleared %Ln references to it (Ctrl+Z restores both)</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>• … and %Ln more</source>
        <translation><numerusform>• … and %Ln more</numerusform><numerusform>• … and %Ln more</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>; %Ln annotation(s) of removed tags deleted</source>
        <translation><numerusform>; %Ln annotation of removed tags deleted</numerusform><numerusform>; %Ln annotations of removed tags deleted</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>; values no longer allowed dropped from %Ln annotation(s)</source>
        <translation><numerusform>; values no longer allowed dropped from %Ln annotation</numerusform><numerusform>; values no longer allowed dropped from %Ln annotations</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Added %Ln annotation(s) from the file's markup (Ctrl+Z takes them all back)</source>
        <translation><numerusform>Added %Ln annotation from the file's markup (Ctrl+Z takes them all back)</numerusform><numerusform>Added %Ln annotations from the file's markup (Ctrl+Z takes them all back)</numerusform></translation>
    </message>
    <message numerus="yes">
        <source> — %Ln entities that nothing else names went too</source>
        <translation><numerusform> — %Ln entities that nothing else names went too</numerusform><numerusform> — %Ln entities that nothing else names went too</numerusform></translation>
    </message>
    <message numerus="yes">
        <source> with %Ln annotation(s)</source>
        <translation><numerusform> with %Ln annotation</numerusform><numerusform> with %Ln annotations</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Opened the annotated example: %Ln annotation(s). Click a commitment to see its fields and links; Save keeps your own copy.</source>
        <translation><numerusform>Opened the annotated example: %Ln annotation. Click a commitment to see its fields and links; Save keeps your own copy.</numerusform><numerusform>Opened the annotated example: %Ln annotations. Click a commitment to see its fields and links; Save keeps your own copy.</numerusform></translation>
    </message>
</context>
</TS>