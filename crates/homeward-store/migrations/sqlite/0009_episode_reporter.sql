-- Who reported the person missing (their role or relationship, such as "foster carer").
ALTER TABLE episodes ADD COLUMN reporter TEXT;
